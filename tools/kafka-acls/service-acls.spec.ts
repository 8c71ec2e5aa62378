import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { topicNames } from '@hookline/contracts';
import { renderAclTable } from './acl-table';
import { KAFKA_PRINCIPALS, kafkaAclsCommands, serviceAcls } from './service-acls';

const ROOT = join(__dirname, '..', '..');

describe('serviceAcls', () => {
  it('prefixes every resource with the namespace', () => {
    for (const principal of KAFKA_PRINCIPALS) {
      for (const grant of serviceAcls('tenant-a.')[principal])
        expect(grant.name).toMatch(/^tenant-a\.hookline\./);
    }
  });

  it('gives each service groups under its own prefix only, and the transactional id to the producer only', () => {
    const acls = serviceAcls('');
    for (const service of ['producer', 'subscription', 'delivery', 'health'] as const) {
      const groups = acls[service].filter((grant) => grant.resource === 'group').map((grant) => grant.name);
      expect(groups).toEqual([`hookline.${service}.`]);
    }
    const transactional = KAFKA_PRINCIPALS.filter((p) =>
      serviceAcls('')[p].some((grant) => grant.resource === 'transactional-id'),
    );
    expect(transactional).toEqual(['producer']);
  });

  it('lets some principal write every topic Hookline names (a new topic needs its grant here)', () => {
    const names = topicNames('');
    const grants = KAFKA_PRINCIPALS.flatMap((principal) => serviceAcls('')[principal]);
    const writable = (topic: string) =>
      grants.some(
        (grant) =>
          grant.resource === 'topic' &&
          grant.operation === 'Write' &&
          (grant.pattern === 'prefixed' ? topic.startsWith(grant.name) : topic === grant.name),
      );
    // The progress topic holds no records: the relay commits group offsets on it (a Read). The ingest topic is
    // written by the upstream systems' own principals, never by a Hookline service.
    const roles = (Object.keys(names) as (keyof typeof names)[]).filter(
      (role) => role !== 'retry' && role !== 'outboxProgress' && role !== 'ingest',
    );
    expect(roles.filter((role) => !writable(names[role]))).toEqual([]);
    expect(writable(names.retry('5m'))).toBe(true);
  });

  it('prints one kafka-acls.sh command per grant, naming the principal given', () => {
    const commands = kafkaAclsCommands('', {
      producer: 'p',
      subscription: 's',
      delivery: 'd',
      health: 'h',
      topics: 't',
    });
    expect(commands).toHaveLength(KAFKA_PRINCIPALS.flatMap((p) => serviceAcls('')[p]).length);
    expect(commands).toContain(
      "kafka-acls.sh --bootstrap-server <bootstrap> --command-config admin.properties --add --allow-principal User:d --operation Write --topic 'hookline.deliveries.' --resource-pattern-type prefixed",
    );
  });

  it('is the table docs/operations.md shows', () => {
    // Cells compared trimmed: Prettier pads the doc's columns.
    const cells = (table: string) =>
      table
        .split('\n')
        .filter((line) => line.startsWith('|') && !/^\|[\s-|]+\|$/.test(line))
        .map((line) => line.split(' | ').map((cell) => cell.replace(/^\|/, '').replace(/\|$/, '').trim()));
    const doc = readFileSync(join(ROOT, 'docs', 'operations.md'), 'utf8');
    const start = doc.indexOf('**Kafka principals and ACLs.**');
    const section = doc.slice(start, doc.indexOf('\n## ', start));
    expect(cells(section)).toEqual(cells(renderAclTable()));
  });
});
