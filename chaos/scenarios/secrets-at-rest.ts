import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { TestReceiver, waitFor } from '@hookline/testing';
import { namespaceTopics, readWholeTopic } from '../support/chaos-kafka';
import { ChaosPlatform } from '../support/chaos-platform';
import { Verdict, type Scenario } from '../support/scenario';

/** Every table of every schema the services own, one text row each: the equivalent of pg_dump's data. */
async function dumpDatabase(url: string): Promise<{ text: string; rows: number; tables: number }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
       WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
    );
    const parts: string[] = [];
    let rows = 0;
    for (const table of tables.rows) {
      const dump = await client.query<{ row: string }>(
        `SELECT t::text AS row FROM "${table.schema}"."${table.name}" t`,
      );
      rows += dump.rows.length;
      parts.push(...dump.rows.map((row) => row.row));
    }
    return { text: parts.join('\n'), rows, tables: tables.rows.length };
  } finally {
    await client.end();
  }
}

/**
 * Issues every kind of credential the platform knows (tenant API keys from the operator and from the tenant,
 * generated and brought-your-own whsec_ secrets, a rotation, a reveal, custom header values a receiver
 * authenticates with, set at creation and replaced by an update), uses them (ingest, deliveries, a test
 * event, requests refused with the wrong credential), stops the services so their logs are complete, then
 * dumps every table, every service log and every record (key, value, headers) of every topic, and looks for
 * each credential in plaintext. The receiver must still get the header values themselves.
 */
export const secretsAtRest: Scenario = {
  name: 'secrets at rest and in logs',
  bar: '0 plaintext hits',
  quick: true,
  timeoutMs: 3 * 60_000,
  async run(context) {
    const receiver = await new TestReceiver().start();
    context.cleanup.defer('the receiver', () => receiver.stop());
    const chaos = await ChaosPlatform.start(context, 'secrets', { logLevel: 'debug' });
    const tenant = await chaos.createTenant('secrets');
    const op = chaos.secrets.operatorToken;
    const keys = [tenant.apiKey];
    const tenantKey = await chaos.call('subscription', 'POST', '/v1/api-keys', tenant.apiKey, { name: 'ci' });
    keys.push(String(tenantKey.body.apiKey));
    const operatorKey = await chaos.call('subscription', 'POST', `/v1/tenants/${tenant.id}/api-keys`, op, {
      name: 'ops',
    });
    keys.push(String(operatorKey.body.apiKey));

    const own = `whsec_${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64')}`;
    const headerValue = () =>
      `hv_${Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64url')}`;
    const [receiverToken, firstApiKeyHeader, apiKeyHeader] = [headerValue(), headerValue(), headerValue()];
    const generated = await chaos.createEndpoint(tenant.apiKey, {
      url: receiver.url('/generated'),
      eventTypes: ['sec.*'],
      verify: true,
      headers: { Authorization: `Bearer ${receiverToken}`, 'X-Api-Key': firstApiKeyHeader },
    });
    // The tenant replaces one value and keeps the other by sending back the mask it reads.
    const shown = await chaos.call('subscription', 'GET', `/v1/endpoints/${generated.id}`, tenant.apiKey);
    const shownHeaders = shown.body.headers as Record<string, string>;
    const replaced = await chaos.call(
      'subscription',
      'PATCH',
      `/v1/endpoints/${generated.id}`,
      tenant.apiKey,
      {
        headers: { ...shownHeaders, 'x-api-key': apiKeyHeader },
      },
    );
    const brought = await chaos.createEndpoint(tenant.apiKey, {
      url: receiver.url('/brought'),
      eventTypes: ['sec.*'],
      secret: own,
    });
    const rotated = await chaos.call(
      'subscription',
      'POST',
      `/v1/endpoints/${brought.id}/secret/rotate`,
      tenant.apiKey,
      {
        overlapSeconds: 3600,
      },
    );
    const revealed = await chaos.call(
      'subscription',
      'GET',
      `/v1/endpoints/${generated.id}/secret`,
      tenant.apiKey,
    );
    const whsecs = [generated.secret, own, String(rotated.body.secret), String(revealed.body.secret)];
    const headerValues = [receiverToken, firstApiKeyHeader, apiKeyHeader];

    // Use them all: deliveries signed with every live secret, a test event, refused credentials.
    await waitFor(
      async () => {
        await chaos.publish([
          { id: `sec_${Date.now()}`, type: 'sec.created', subject: 's', tenant: tenant.id, data: { n: 1 } },
        ]);
        await new Promise((resolve) => setTimeout(resolve, 500));
        const paths = new Set(receiver.requests.map((request) => request.path));
        return paths.has('/generated') && paths.has('/brought');
      },
      { what: 'deliveries to both endpoints', timeoutMs: 60_000, intervalMs: 1 },
    );
    // Deliveries after the update carry the new value (delivery's replica has the updated record by then).
    const delivered = await waitFor(
      async () => {
        await chaos.publish([
          { id: `sec_${Date.now()}`, type: 'sec.updated', subject: 's', tenant: tenant.id, data: { n: 2 } },
        ]);
        await new Promise((resolve) => setTimeout(resolve, 500));
        return receiver.requests.find(
          (request) =>
            request.path === '/generated' &&
            request.headers['webhook-id'] !== undefined &&
            request.headers['x-api-key'] === apiKeyHeader,
        );
      },
      { what: 'a delivery carrying the updated header value', timeoutMs: 60_000, intervalMs: 1 },
    );
    await chaos.call('subscription', 'POST', `/v1/endpoints/${generated.id}/test`, tenant.apiKey, {
      eventType: 'sec.updated',
    });
    await chaos.call('subscription', 'GET', '/v1/endpoints', op); // operator token on a tenant route: 401
    await chaos.call('subscription', 'GET', `/v1/tenants/${tenant.id}`, tenant.apiKey); // the reverse: 401
    await chaos.call('producer', 'POST', '/v1/events', tenant.apiKey, {}); // a tenant key as ingest token: 401
    await chaos.call('health', 'GET', `/v1/endpoints/${generated.id}/health`, chaos.secrets.ingestToken);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await chaos.platform.stop(); // complete logs, flushed

    const keyMaterial = chaos.secrets.secretEncryptionKeys.split(',').map((entry) => entry.split(':')[1]);
    const secrets: Record<string, string[]> = {
      api_keys: keys,
      whsec: [...whsecs, ...whsecs.map((secret) => secret.replace(/^whsec_/, ''))],
      ingest_token: [chaos.secrets.ingestToken],
      operator_token: [op],
      encryption_key: keyMaterial,
      custom_header_values: headerValues,
    };
    const database = await dumpDatabase(chaos.database.url);
    const logFiles = readdirSync(chaos.logDir).map((name) => join(chaos.logDir, name));
    const logs = logFiles.map((file) => readFileSync(file, 'utf8')).join('\n');
    const topics = await namespaceTopics(chaos.kafka);
    const records: string[] = [];
    for (const topic of topics) {
      for (const message of await readWholeTopic(chaos.kafka.kafka, topic)) {
        const headers = Object.entries(message.headers ?? {}).map(
          ([name, value]) => `${name}=${String(value)}`,
        );
        records.push([message.key?.toString() ?? '', message.value?.toString() ?? '', ...headers].join(' '));
      }
    }
    const topicText = records.join('\n');

    const verdict = new Verdict();
    verdict.check(
      keys.every((key) => key.startsWith('hk_')),
      'not every API key was issued',
    );
    verdict.check(
      whsecs.every((secret) => secret.startsWith('whsec_')),
      'not every secret was issued',
    );
    verdict.check(database.rows > 0 && logs.length > 0 && records.length > 0, 'a source to search was empty');
    verdict.check(
      delivered.headers.authorization === `Bearer ${receiverToken}`,
      'a delivery did not carry the custom header value kept through the update',
    );
    const answers = JSON.stringify([generated, shown.body, replaced.body]);
    verdict.check(
      replaced.status === 200 && headerValues.every((value) => !answers.includes(value)),
      'an API response showed a custom header value',
    );
    const hits: Record<string, number> = { database: 0, logs: 0, topics: 0 };
    for (const [kind, values] of Object.entries(secrets)) {
      for (const value of values) {
        for (const [source, text] of [
          ['database', database.text],
          ['logs', logs],
          ['topics', topicText],
        ] as const) {
          if (text.includes(value)) {
            hits[source]++;
            verdict.check(false, `a ${kind} value is in plaintext in the ${source}`);
          }
        }
      }
    }
    return verdict.result({
      credentials: Object.values(secrets).flat().length,
      db_tables: database.tables,
      db_rows: database.rows,
      log_files: logFiles.length,
      log_kib: Math.round(logs.length / 1024),
      topics: topics.length,
      records: records.length,
      hits_db: hits.database,
      hits_logs: hits.logs,
      hits_topics: hits.topics,
    });
  },
};
