{{- /*
Named templates shared by the chart. Numbers from values go through `int` before comparisons (Helm reads
them as float64). `npm test` renders and lints the chart with the real Helm (README.md, "Chart checks").
*/ -}}

{{- define "hookline.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "hookline.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := include "hookline.name" . -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- /* A service's resource name. Call with (dict "root" $ "name" "delivery"). */ -}}
{{- define "hookline.componentName" -}}
{{- printf "%s-%s" (include "hookline.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "hookline.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "hookline.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: hookline
{{- end -}}

{{- define "hookline.selectorLabels" -}}
app.kubernetes.io/name: {{ include "hookline.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- /* Selector labels of one service. Call with (dict "root" $ "name" "delivery"). */ -}}
{{- define "hookline.componentSelectorLabels" -}}
{{ include "hookline.selectorLabels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{- define "hookline.componentLabels" -}}
{{ include "hookline.labels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{- define "hookline.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "hookline.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "hookline.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{- /*
The settings every service and both jobs share, as a YAML map of environment variable to string. Services
read them through their ConfigMap; the hook jobs get them inline (they run before the ConfigMaps exist).
*/ -}}
{{- define "hookline.commonConfig" -}}
{{- $config := dict -}}
{{- $_ := set $config "KAFKA_BROKERS" (required "kafka.brokers is required (comma-separated host:port)" .Values.kafka.brokers) -}}
{{- $_ := set $config "KAFKA_TOPIC_NAMESPACE" .Values.kafka.topicNamespace -}}
{{- $_ := set $config "KAFKA_PARTITIONS" (int .Values.kafka.partitions | toString) -}}
{{- $_ := set $config "KAFKA_REPLICATION_FACTOR" (int .Values.kafka.replicationFactor | toString) -}}
{{- $_ := set $config "KAFKA_MAX_MESSAGE_BYTES" (int .Values.kafka.maxMessageBytes | toString) -}}
{{- $_ := set $config "KAFKA_SSL" (toString .Values.kafka.ssl) -}}
{{- $_ := set $config "KAFKA_SASL_MECHANISM" .Values.kafka.sasl.mechanism -}}
{{- $_ := set $config "KAFKA_SASL_USERNAME" .Values.kafka.sasl.username -}}
{{- /* The jobs provision; services only do it themselves when the job is off. */ -}}
{{- $_ := set $config "KAFKA_CREATE_TOPICS" (toString (not .Values.topics.enabled)) -}}
{{- $_ := set $config "DATABASE_SSL" (toString .Values.database.ssl) -}}
{{- $_ := set $config "DATABASE_POOL_SIZE" (int .Values.database.poolSize | toString) -}}
{{- $_ := set $config "DATABASE_CONNECT_TIMEOUT_MS" (int .Values.database.connectTimeoutMs | toString) -}}
{{- $_ := set $config "DATABASE_STATEMENT_TIMEOUT_MS" (int .Values.database.statementTimeoutMs | toString) -}}
{{- $_ := set $config "HTTP_MAX_INFLATE_RATIO" (int .Values.http.maxInflateRatio | toString) -}}
{{- $_ := set $config "CONSUMER_MAX_HANDLER_ATTEMPTS" (int .Values.consumers.maxHandlerAttempts | toString) -}}
{{- $_ := set $config "CONSUMER_RETRY_BACKOFF_MS" (int .Values.consumers.retryBackoffMs | toString) -}}
{{- $_ := set $config "CONSUMER_RETRY_BACKOFF_MAX_MS" (int .Values.consumers.retryBackoffMaxMs | toString) -}}
{{- $_ := set $config "DATABASE_MIGRATE_ON_START" (toString (not .Values.migrations.enabled)) -}}
{{- $_ := set $config "LOG_LEVEL" .Values.logLevel -}}
{{- if .Values.tracing.exporter -}}
{{- $_ := set $config "OTEL_TRACES_EXPORTER" .Values.tracing.exporter -}}
{{- end -}}
{{- if .Values.tracing.otlpEndpoint -}}
{{- $_ := set $config "OTEL_EXPORTER_OTLP_ENDPOINT" .Values.tracing.otlpEndpoint -}}
{{- end -}}
{{- range $key, $value := .Values.config -}}
{{- $_ := set $config $key (toString $value) -}}
{{- end -}}
{{- toYaml $config -}}
{{- end -}}

{{- /*
The settings the console (front door) shares with the services: it reads no Kafka or Postgres, so only the
log level, tracing and the extra `config`.
*/ -}}
{{- define "hookline.consoleCommonConfig" -}}
{{- $config := dict "LOG_LEVEL" .Values.logLevel -}}
{{- if .Values.tracing.exporter -}}
{{- $_ := set $config "OTEL_TRACES_EXPORTER" .Values.tracing.exporter -}}
{{- end -}}
{{- if .Values.tracing.otlpEndpoint -}}
{{- $_ := set $config "OTEL_EXPORTER_OTLP_ENDPOINT" .Values.tracing.otlpEndpoint -}}
{{- end -}}
{{- range $key, $value := .Values.config -}}
{{- $_ := set $config $key (toString $value) -}}
{{- end -}}
{{- toYaml $config -}}
{{- end -}}

{{- /*
The Hookline services behind the console (front door), the ones that hold Kafka and Postgres connections.
True ("true") for them, empty for the console.
*/ -}}
{{- define "hookline.isBackend" -}}
{{- if ne . "console" -}}true{{- end -}}
{{- end -}}

{{- /*
One service's settings (common, then HOST/PORT, then its own `config`), as a YAML map. Call with
(dict "root" $ "name" "delivery" "service" $service).
*/ -}}
{{- define "hookline.serviceConfig" -}}
{{- $root := .root -}}
{{- $config := dict -}}
{{- if include "hookline.isBackend" .name -}}
{{- $config = include "hookline.commonConfig" $root | fromYaml -}}
{{- else -}}
{{- $config = include "hookline.consoleCommonConfig" $root | fromYaml -}}
{{- end -}}
{{- $_ := set $config "HOST" "0.0.0.0" -}}
{{- $_ := set $config "PORT" (int .service.port | toString) -}}
{{- range $key, $value := .service.config -}}
{{- $_ := set $config $key (toString $value) -}}
{{- end -}}
{{- if not (include "hookline.isBackend" .name) -}}
{{- /* Each service the console forwards to: the release's own Service unless a URL is given. */ -}}
{{- range $upstream := list "producer" "subscription" "delivery" "health" -}}
{{- $key := printf "CONSOLE_%s_URL" (upper $upstream) -}}
{{- if not (index $config $key) -}}
{{- $name := include "hookline.componentName" (dict "root" $root "name" $upstream) -}}
{{- $port := int (index $root.Values.services $upstream).port -}}
{{- $_ := set $config $key (printf "http://%s.%s.svc:%d" $name $root.Release.Namespace $port) -}}
{{- end -}}
{{- end -}}
{{- /* The operator API is forwarded exactly when the public routes carry it. */ -}}
{{- $_ := set $config "CONSOLE_EXPOSE_OPERATOR_API" (toString $root.Values.ingress.exposeOperatorApi) -}}
{{- end -}}
{{- if and (hasKey $config "DELIVERY_PUBLIC_URL") (not (index $config "DELIVERY_PUBLIC_URL")) -}}
{{- if $root.Values.ingress.enabled -}}
{{- $_ := set $config "DELIVERY_PUBLIC_URL" (printf "https://%s" $root.Values.ingress.host) -}}
{{- else -}}
{{- $delivery := include "hookline.componentName" (dict "root" $root "name" "delivery") -}}
{{- $_ := set $config "DELIVERY_PUBLIC_URL" (printf "http://%s.%s.svc:%d" $delivery $root.Release.Namespace (int $root.Values.services.delivery.port)) -}}
{{- end -}}
{{- end -}}
{{- toYaml $config -}}
{{- end -}}

{{- /*
Where one entry of `secrets` is read from: its own existingSecret, else secrets.existingSecret, else the
Secret the chart creates (`fallback`). Call with (dict "root" $ "entry" "databaseUrl" "fallback" name).
Renders `name: …` and `key: …` for a secretKeyRef.
*/ -}}
{{- define "hookline.secretKeyRef" -}}
{{- $secrets := .root.Values.secrets -}}
{{- $entry := index $secrets .entry -}}
{{- if not $entry -}}
{{- fail (printf "secrets.%s does not exist (referenced by a secretEnv)" .entry) -}}
{{- end -}}
name: {{ default (default .fallback $secrets.existingSecret) $entry.existingSecret }}
key: {{ $entry.key }}
{{- end -}}

{{- /* True ("true") when the chart must create the value of `secrets.<entry>` itself. */ -}}
{{- define "hookline.secretIsChartManaged" -}}
{{- $entry := index .root.Values.secrets .entry -}}
{{- if not (or $entry.existingSecret .root.Values.secrets.existingSecret) -}}true{{- end -}}
{{- end -}}

{{- /*
The entries of `secrets` in use, as a YAML map of entry name → true. DATABASE_URL is read by the migration
job and every service but the console, KAFKA_SASL_PASSWORD only when SASL is on, the rest by the services
whose secretEnv names them.
*/ -}}
{{- define "hookline.secretsInUse" -}}
{{- $inUse := dict "databaseUrl" true -}}
{{- $leastPrivilege := .Values.database.runtimeRoles.enabled -}}
{{- if .Values.kafka.sasl.mechanism -}}
{{- $_ := set $inUse "kafkaSaslPassword" true -}}
{{- end -}}
{{- range $name, $service := .Values.services -}}
{{- if $service.enabled -}}
{{- if and $leastPrivilege (include "hookline.isBackend" $name) -}}
{{- $_ := set $inUse (printf "%sDatabaseUrl" $name) true -}}
{{- end -}}
{{- range $env, $entry := $service.secretEnv -}}
{{- $_ := set $inUse $entry true -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- toYaml $inUse -}}
{{- end -}}

{{- /*
Secret environment entries for the common settings (DATABASE_URL, KAFKA_SASL_PASSWORD). Call with
(dict "root" $ "fallback" secretName), plus "service" name and "secretEnv" for a service: with
database.runtimeRoles on, a service reads DATABASE_URL from its own entry (its own Postgres role); the jobs use
the migration role's. A service whose secretEnv names KAFKA_SASL_PASSWORD (its own Kafka principal) gets it
from there instead of secrets.kafkaSaslPassword.
*/ -}}
{{- define "hookline.commonSecretEnv" -}}
{{- $entry := "databaseUrl" -}}
{{- if and .service .root.Values.database.runtimeRoles.enabled -}}
{{- $entry = printf "%sDatabaseUrl" .service -}}
{{- end }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      {{- include "hookline.secretKeyRef" (dict "root" .root "entry" $entry "fallback" .fallback) | nindent 6 }}
{{- if hasKey (default dict .secretEnv) "KAFKA_SASL_PASSWORD" }}
{{- /* The service has a Kafka principal of its own: its secretEnv entry gives the password. */}}
{{- else if .root.Values.kafka.sasl.mechanism }}
- name: KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      {{- include "hookline.secretKeyRef" (dict "root" .root "entry" "kafkaSaslPassword" "fallback" .fallback) | nindent 6 }}
{{- else }}
# SASL is off (kafka.sasl.mechanism is empty): no password.
- name: KAFKA_SASL_PASSWORD
  value: ""
{{- end }}
{{- end -}}

{{- /*
The values of the Secret the chart creates, as a YAML map of key → plain value: every secret in use that no
existing Secret provides. A missing value fails the render with the setting's name.
*/ -}}
{{- define "hookline.chartSecretData" -}}
{{- $root := . -}}
{{- $data := dict -}}
{{- range $entry, $used := include "hookline.secretsInUse" . | fromYaml -}}
{{- if include "hookline.secretIsChartManaged" (dict "root" $root "entry" $entry) -}}
{{- $secret := index $root.Values.secrets $entry -}}
{{- $message := printf "secrets.%s.value is required (or name a Secret you manage in secrets.%s.existingSecret or secrets.existingSecret)" $entry $entry -}}
{{- $_ := set $data $secret.key (required $message $secret.value) -}}
{{- end -}}
{{- end -}}
{{- toYaml $data -}}
{{- end -}}

{{- /*
The hook jobs' secret values (they run before the release's own Secret exists): DATABASE_URL, and the SASL
password when SASL is on, unless an existing Secret provides them.
*/ -}}
{{- define "hookline.hookSecretData" -}}
{{- $all := include "hookline.chartSecretData" . | fromYaml -}}
{{- $data := dict -}}
{{- range $entry := list "databaseUrl" "kafkaSaslPassword" -}}
{{- $key := (index $.Values.secrets $entry).key -}}
{{- if hasKey $all $key -}}
{{- $_ := set $data $key (index $all $key) -}}
{{- end -}}
{{- end -}}
{{- toYaml $data -}}
{{- end -}}

{{- /*
DATABASE_RUNTIME_ROLES for the migration job: schema=role for every enabled service when
database.runtimeRoles is on, else empty (no grants).
*/ -}}
{{- define "hookline.runtimeRoles" -}}
{{- $pairs := list -}}
{{- if .Values.database.runtimeRoles.enabled -}}
{{- range $name, $service := .Values.services -}}
{{- if and $service.enabled (include "hookline.isBackend" $name) -}}
{{- $role := required (printf "database.runtimeRoles.roles.%s is required" $name) (index $.Values.database.runtimeRoles.roles $name) -}}
{{- $pairs = append $pairs (printf "%s=%s" $name $role) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- join "," $pairs -}}
{{- end -}}

{{- define "hookline.hooksName" -}}
{{- printf "%s-hooks" (include "hookline.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- /*
Pod-level settings shared by the Deployments and the Jobs. Call with (dict "root" $ "serviceAccount" name).
*/ -}}
{{- define "hookline.podCommon" -}}
serviceAccountName: {{ .serviceAccount }}
automountServiceAccountToken: false
{{- with .root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .root.Values.podSecurityContext | nindent 2 }}
{{- end -}}

{{- /* Pod labels and annotations shared by the Deployments and the Jobs. Call with (dict "root" $ "name" n). */ -}}
{{- define "hookline.podLabels" -}}
{{ include "hookline.componentLabels" . }}
{{- with .root.Values.podLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- /*
A hook Job running one of the image's tools with the shared settings. Call with
(dict "root" $ "name" "migrate" "command" (list …) "job" .Values.migrations "weight" "0").
*/ -}}
{{- define "hookline.toolJob" -}}
{{- $root := .root -}}
{{- $component := dict "root" $root "name" .name -}}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ include "hookline.componentName" $component }}
  labels:
    {{- include "hookline.componentLabels" $component | nindent 4 }}
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: {{ .weight | quote }}
    # Kept after success so its log can be read; replaced by the next install or upgrade.
    helm.sh/hook-delete-policy: before-hook-creation
spec:
  backoffLimit: {{ int .job.backoffLimit }}
  activeDeadlineSeconds: {{ int .job.activeDeadlineSeconds }}
  template:
    metadata:
      labels:
        {{- include "hookline.podLabels" $component | nindent 8 }}
        # Selected by the Jobs' NetworkPolicy.
        hookline.dev/job: "true"
      {{- with $root.Values.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      {{- include "hookline.podCommon" (dict "root" $root "serviceAccount" (include "hookline.hookServiceAccountName" $root)) | nindent 6 }}
      restartPolicy: Never
      containers:
        - name: {{ .name }}
          image: {{ include "hookline.image" $root | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          command:
            {{- toYaml .command | nindent 12 }}
          env:
            {{- range $key, $value := include "hookline.commonConfig" $root | fromYaml }}
            - name: {{ $key }}
              value: {{ $value | quote }}
            {{- end }}
            {{- range $key, $value := .env }}
            - name: {{ $key }}
              value: {{ $value | quote }}
            {{- end }}
            {{- include "hookline.commonSecretEnv" (dict "root" $root "fallback" (include "hookline.hooksName" $root)) | nindent 12 }}
          resources:
            {{- toYaml .job.resources | nindent 12 }}
          securityContext:
            {{- toYaml $root.Values.containerSecurityContext | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir: {}
{{- end -}}

{{- /*
The hook jobs run before the release's ServiceAccount exists, so they get a hook ServiceAccount of their own
(same annotations) when the chart creates one, else the ServiceAccount you named.
*/ -}}
{{- define "hookline.hookServiceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- include "hookline.hooksName" . -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}
