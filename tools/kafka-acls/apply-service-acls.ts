import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  ResourcePatternTypes,
  type Admin,
  type AclEntry,
} from 'kafkajs';
import { KAFKA_PRINCIPALS, serviceAcls, type KafkaAclGrant, type KafkaPrincipal } from './service-acls';

const RESOURCE = {
  topic: AclResourceTypes.TOPIC,
  group: AclResourceTypes.GROUP,
  'transactional-id': AclResourceTypes.TRANSACTIONAL_ID,
} as const;

const OPERATION = {
  Read: AclOperationTypes.READ,
  Write: AclOperationTypes.WRITE,
  Describe: AclOperationTypes.DESCRIBE,
  Create: AclOperationTypes.CREATE,
} as const;

/** The ALLOW entries of `serviceAcls(namespace)`, for principals `User:<usernames[principal]>`. */
export function serviceAclEntries(namespace: string, usernames: Record<KafkaPrincipal, string>): AclEntry[] {
  const acls = serviceAcls(namespace);
  return KAFKA_PRINCIPALS.flatMap((principal) =>
    acls[principal].map((grant) => aclEntry(`User:${usernames[principal]}`, grant)),
  );
}

/** Creates every service's ACLs through an admin client of a principal allowed to alter ACLs. */
export async function applyServiceAcls(
  admin: Admin,
  namespace: string,
  usernames: Record<KafkaPrincipal, string>,
): Promise<void> {
  await admin.createAcls({ acl: serviceAclEntries(namespace, usernames) });
}

function aclEntry(principal: string, grant: KafkaAclGrant): AclEntry {
  return {
    principal,
    host: '*',
    permissionType: AclPermissionTypes.ALLOW,
    operation: OPERATION[grant.operation],
    resourceType: RESOURCE[grant.resource],
    resourceName: grant.name,
    resourcePatternType:
      grant.pattern === 'prefixed' ? ResourcePatternTypes.PREFIXED : ResourcePatternTypes.LITERAL,
  };
}
