import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RequestMethod } from '@nestjs/common';

/** Nest's metadata keys (PATH_METADATA, METHOD_METADATA in @nestjs/common/constants). */
const PATH = 'path';
const METHOD = 'method';

export interface ControllerRoute {
  service: string;
  method: string;
  /** Full path with Nest parameters, e.g. /v1/endpoints/:endpointId/health. */
  path: string;
}

function controllerFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return controllerFiles(path);
    return entry.name.endsWith('.controller.ts') ? [path] : [];
  });
}

function asList(value: unknown): string[] {
  if (value === undefined) return [''];
  return (Array.isArray(value) ? value : [value]).map(String);
}

function joinPath(...parts: string[]): string {
  const joined = parts
    .flatMap((part) => part.split('/'))
    .filter((part) => part !== '')
    .join('/');
  return `/${joined}`;
}

/**
 * Every HTTP route a service's own controllers declare, read from Nest's decorator metadata (not from the
 * source text), so a route added to any controller under apps/<service>/src shows up here. The shared
 * health and metrics controllers live in libs/ and are not public routes.
 */
export function controllerRoutes(appsDir: string, service: string): ControllerRoute[] {
  const routes: ControllerRoute[] = [];
  for (const file of controllerFiles(join(appsDir, service, 'src'))) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded by path to read decorator metadata
    const exports = require(file) as Record<string, unknown>;
    for (const controller of Object.values(exports)) {
      if (typeof controller !== 'function' || !Reflect.hasMetadata(PATH, controller)) continue;
      const prefixes = asList(Reflect.getMetadata(PATH, controller));
      const prototype = (controller as { prototype: Record<string, unknown> }).prototype;
      for (const member of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[member];
        if (typeof handler !== 'function' || !Reflect.hasMetadata(METHOD, handler)) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD, handler) as RequestMethod];
        for (const prefix of prefixes) {
          for (const path of asList(Reflect.getMetadata(PATH, handler)))
            routes.push({ service, method, path: joinPath(prefix, path) });
        }
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/** A concrete request path for a route: each `:param` becomes a plausible id. */
export function samplePath(path: string): string {
  return path.replace(/:[A-Za-z0-9_]+/g, 'ep_01hx7sample');
}
