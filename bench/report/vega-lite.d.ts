/**
 * vega-lite publishes its types only through package.json `exports`, which this repository's
 * `moduleResolution: node` cannot follow; the one function the chart uses, typed here.
 */
declare module 'vega-lite' {
  import type { Spec } from 'vega';

  export function compile(spec: Record<string, unknown>): { spec: Spec };
}
