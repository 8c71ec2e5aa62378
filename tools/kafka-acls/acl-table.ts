import { KAFKA_PRINCIPALS, serviceAcls, type KafkaAclGrant } from './service-acls';

/**
 * The grants as the Markdown table in docs/operations.md ("Kafka principals and ACLs"); a unit test keeps
 * the doc equal to it, so the doc says what the ACL test enforces.
 */
export function renderAclTable(): string {
  const acls = serviceAcls('');
  const rows = KAFKA_PRINCIPALS.map((principal) => {
    const grants = acls[principal];
    const topicGrants = (operation: KafkaAclGrant['operation']) =>
      describe(grants.filter((g) => g.resource === 'topic' && g.operation === operation));
    const others = grants
      .filter((g) => g.resource !== 'topic' || (g.operation !== 'Read' && g.operation !== 'Write'))
      .map((g) => `${g.operation} on ${g.resource === 'topic' ? 'topic' : g.resource} ${name(g)}`);
    return [principal, topicGrants('Read'), topicGrants('Write'), others.join('; ') || '—'];
  });
  const header = ['principal', 'Read on topics', 'Write on topics', 'other grants'];
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

function describe(grants: KafkaAclGrant[]): string {
  return grants.map(name).join(', ') || '—';
}

function name(grant: KafkaAclGrant): string {
  return grant.pattern === 'prefixed' ? `prefix \`${grant.name}\`` : `\`${grant.name}\``;
}
