import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommonEnv } from '@hookline/config';
import { SERVICES, settingsOf } from '../deploy-checks/service-settings';
import { SETTING_NOTES } from './setting-notes';
import { acceptedValues, allRows, OPERATIONS_DOC, renderOperationsDoc } from './settings-reference';

const ROOT = join(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('spec.ts') ? [path] : [];
  });
}

describe('docs/operations.md', () => {
  it('lists every setting of every config class as the generator writes it (npm run docs:settings)', () => {
    const current = readFileSync(OPERATIONS_DOC, 'utf8');
    const expected = renderOperationsDoc(current);
    // On failure: run `npm run docs:settings` and commit docs/operations.md.
    expect(current).toBe(expected);
  });

  it('covers every setting each service and tool reads', () => {
    const documented = new Set(allRows().flatMap((table) => table.rows.map((row) => row.name)));
    const all = [...settingsOf(CommonEnv), ...SERVICES.flatMap(({ schema }) => settingsOf(schema))];
    expect(all.filter((setting) => !documented.has(setting))).toEqual([]);
  });

  it('describes every setting (a doc comment on the property, or an entry in tools/docs/setting-notes.ts)', () => {
    const undescribed = allRows().flatMap(({ title, rows }) =>
      rows.filter((row) => row.description === '').map((row) => `${title}: ${row.name}`),
    );
    expect(undescribed).toEqual([]);
  });

  it('keeps no note for a setting that no longer exists', () => {
    const all = new Set([...settingsOf(CommonEnv), ...SERVICES.flatMap(({ schema }) => settingsOf(schema))]);
    expect(Object.keys(SETTING_NOTES).filter((setting) => !all.has(setting))).toEqual([]);
  });

  it('states what each setting accepts from its validators', () => {
    const [producer] = SERVICES;
    expect(acceptedValues(CommonEnv, 'KAFKA_PARTITIONS')).toBe('integer 1–1000');
    expect(acceptedValues(CommonEnv, 'KAFKA_SASL_MECHANISM')).toBe(
      'one of `plain`, `scram-sha-256`, `scram-sha-512`, optional',
    );
    expect(acceptedValues(producer.schema, 'INGEST_TOKENS')).toBe(
      'comma-separated tokens of ≥ 16 characters, each optionally bound as token@tenantA|tenantB',
    );
    expect(acceptedValues(CommonEnv, 'DATABASE_SSL')).toBe('boolean');
  });

  it('alerts only on metrics the services declare', () => {
    const doc = readFileSync(OPERATIONS_DOC, 'utf8');
    const named = [...new Set([...doc.matchAll(/\bhookline_[a-z_]+/g)].map((match) => match[0]))];
    expect(named.length).toBeGreaterThan(3);
    const code = [...sourceFiles(join(ROOT, 'apps')), ...sourceFiles(join(ROOT, 'libs'))]
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    expect(named.filter((metric) => !code.includes(`'${metric}'`))).toEqual([]);
  });
});
