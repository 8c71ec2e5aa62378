import { randomBytes } from 'node:crypto';
import type { EndpointRecord } from '@hookline/contracts';
import { KafkaPublisher } from '@hookline/kafka';
import { SecretBox, generateEndpointSecret, signingSecretBinding } from '@hookline/webhook-crypto';
import pino from 'pino';
import type { ChaosPlatform } from './chaos-platform';

/**
 * Writes endpoint records onto the subscriptions topic directly, as the subscription service writes them
 * (secret sealed with the shared keyring): an endpoint registration would refuse, as if the check had been
 * fooled or the name's DNS had changed since. Only the SSRF scenario uses it, to test delivery's own check.
 */
export async function putEndpointRecords(
  chaos: ChaosPlatform,
  tenantId: string,
  urls: string[],
  eventTypes: string[],
): Promise<Map<string, string>> {
  const box = SecretBox.fromKeyringString(chaos.secrets.secretEncryptionKeys);
  const publisher = new KafkaPublisher(chaos.kafka.kafka, pino({ level: 'silent' }));
  await publisher.connect();
  const byId = new Map<string, string>();
  try {
    const now = new Date().toISOString();
    const records = urls.map((url): EndpointRecord => {
      const id = `ep_${randomBytes(6).toString('hex')}`;
      byId.set(id, url);
      return {
        kind: 'endpoint',
        id,
        tenantId,
        url,
        description: 'chaos: written past registration',
        eventTypes,
        entityTypes: [],
        headers: {},
        rateLimitPerSecond: null,
        enabled: true,
        disabledReason: null,
        secrets: [
          {
            id: `sec_${id}`,
            encrypted: box.encrypt(generateEndpointSecret(), signingSecretBinding(tenantId, id)),
            createdAt: now,
          },
        ],
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
    });
    await publisher.publish(
      records.map((record) => ({
        topic: chaos.kafka.topics.subscriptions,
        key: record.id,
        value: JSON.stringify(record),
      })),
    );
  } finally {
    await publisher.disconnect();
  }
  return byId;
}
