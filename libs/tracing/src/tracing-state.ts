/**
 * Whether this process records spans. Set once, by `startTracing`; hot paths ask it before building a
 * span's name, parent or attributes, so with tracing off a message costs one boolean check.
 */
let tracing = false;

export function isTracing(): boolean {
  return tracing;
}

export function setTracing(on: boolean): void {
  tracing = on;
}
