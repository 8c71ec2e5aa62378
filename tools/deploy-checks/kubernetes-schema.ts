/**
 * Validates rendered objects against the Kubernetes API schemas (the `kubernetes-models` packages, generated
 * from Kubernetes' OpenAPI and the CRDs of the Prometheus Operator and the Gateway API): types, required
 * fields, enums and formats, as the API server would check them. Unknown fields are not in these schemas;
 * kubernetes-object-checks.ts reports those for the parts the chart writes.
 */
import { GatewayClass, HTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1';
import {
  PrometheusRule,
  ServiceMonitor,
} from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import { idOf, type KubeObject } from './kubernetes-objects';

interface Validating {
  validate(): void;
}

/**
 * The models' `validate()` comes from @kubernetes-models/base, whose types this repository's (node10) module
 * resolution cannot see; the constructors are typed here by what the check calls.
 */
type ModelClass = new (data: unknown) => Validating;

/** apiVersion/kind → the model whose schema the object must satisfy: every kind the chart may render. */
const MODELS: Record<string, unknown> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule,
  'gateway.networking.k8s.io/v1/HTTPRoute': HTTPRoute,
  'gateway.networking.k8s.io/v1/GatewayClass': GatewayClass,
};

/** Schema violations of each object, by object id; a kind with no known schema is one too. */
export function schemaProblems(objects: KubeObject[]): string[] {
  return objects.flatMap((object) => {
    const Model = MODELS[`${String(object.apiVersion)}/${String(object.kind)}`] as ModelClass | undefined;
    if (Model === undefined) return [`${idOf(object)}: no schema for ${String(object.apiVersion)}`];
    try {
      new Model(structuredClone(object)).validate();
      return [];
    } catch (error) {
      return [`${idOf(object)}: ${error instanceof Error ? error.message : String(error)}`];
    }
  });
}
