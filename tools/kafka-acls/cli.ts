/**
 * `npm run kafka-acls -- [namespace]`: the kafka-acls.sh commands that give each service's principal (named
 * after the service; rename in the output) exactly what docs/operations.md lists.
 */
import { KAFKA_PRINCIPALS, kafkaAclsCommands, type KafkaPrincipal } from './service-acls';

const namespace = process.argv[2] ?? '';
const usernames = Object.fromEntries(KAFKA_PRINCIPALS.map((p) => [p, `hookline-${p}`])) as Record<
  KafkaPrincipal,
  string
>;
console.log(kafkaAclsCommands(namespace, usernames).join('\n'));
