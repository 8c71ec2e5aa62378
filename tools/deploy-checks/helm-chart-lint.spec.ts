/**
 * `helm lint --strict` (the real Helm, helm/helm.ts) passes with every value set the chart checks render,
 * and fails when the chart or the values are broken.
 */
import { lint, MINIMAL_VALUES, render, SCENARIOS, useRealHelm } from './chart-fixtures';
import { mergeValues } from './chart-values';

useRealHelm();

/** What strict lint counts as a failure: warnings and errors (INFO lines, e.g. "icon is recommended", pass). */
const complaints = (messages: string[]): string[] =>
  messages.filter((message) => !message.startsWith('[INFO]'));

describe('Helm chart: helm lint --strict', () => {
  it.each(SCENARIOS.map((scenario) => ({ scenario, name: scenario.name })))(
    'passes with "$name"',
    async ({ scenario }) => {
      const result = await lint(scenario.values);
      expect(complaints(result.messages)).toEqual([]);
      expect(result.passed).toBe(true);
    },
  );

  it('fails on values that break values.schema.json (the check can fail)', async () => {
    const result = await lint(mergeValues(MINIMAL_VALUES, { kafka: { partitions: 'six' } }));
    expect(result.passed).toBe(false);
    expect(result.messages.join('\n')).toMatch(/kafka.*partitions/);
  });
});

describe('Helm chart: values.schema.json', () => {
  it.each([
    ['a misspelt value', { kafka: { brokerz: 'kafka:9092' } }, /brokerz/],
    [
      'a number where a string is expected',
      { services: { producer: { config: { INGEST_CHUNK_SIZE: 500 } } } },
      /INGEST_CHUNK_SIZE/,
    ],
    ['an unknown log level', { logLevel: 'verbose' }, /logLevel/],
  ])('refuses %s at render time', async (_case, values, message) => {
    await expect(render(mergeValues(MINIMAL_VALUES, values))).rejects.toThrow(message);
  });
});
