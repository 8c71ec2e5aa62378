import {
  AssignerProtocol,
  type GroupMember,
  type GroupMemberAssignment,
  type PartitionAssigner,
} from 'kafkajs';

/** Partition ids of each topic the group consumes. */
export type PartitionsOf = (topic: string) => number[];

/**
 * Which member owns which partitions: partition `p` of every topic goes to the same member (`p` modulo the
 * member count, members in id order). Records keyed alike on topics with the same partition count therefore
 * have one owner at a time across all of those topics, which is what lets an owner keep per-key state (an
 * endpoint's limits) in memory. A member that does not subscribe to a topic gets none of it; that topic then
 * falls back to its own subscribers, in the same order.
 */
export function coPartitionedAssignment(
  members: { memberId: string; topics: string[] }[],
  topics: string[],
  partitionsOf: PartitionsOf,
): Map<string, Record<string, number[]>> {
  const sorted = [...members].sort((a, b) =>
    a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0,
  );
  const assignment = new Map<string, Record<string, number[]>>(sorted.map((m) => [m.memberId, {}]));
  for (const topic of [...topics].sort()) {
    const subscribers = sorted.filter((member) => member.topics.includes(topic));
    if (subscribers.length === 0) continue;
    for (const partition of partitionsOf(topic)) {
      const preferred = sorted[partition % sorted.length];
      const owner = preferred.topics.includes(topic)
        ? preferred
        : subscribers[partition % subscribers.length];
      const owned = assignment.get(owner.memberId) ?? {};
      (owned[topic] ??= []).push(partition);
      assignment.set(owner.memberId, owned);
    }
  }
  return assignment;
}

/** The kafkajs form of `coPartitionedAssignment`, for `partitionAssigners`. */
export const CoPartitionedAssigner: PartitionAssigner = ({ cluster }) => ({
  name: 'HooklineCoPartitioned',
  version: 1,
  assign({
    members,
    topics,
  }: {
    members: GroupMember[];
    topics: string[];
  }): Promise<GroupMemberAssignment[]> {
    const subscriptions = members.map(({ memberId, memberMetadata }) => ({
      memberId,
      topics: AssignerProtocol.MemberMetadata.decode(memberMetadata)?.topics ?? topics,
    }));
    const partitionsOf: PartitionsOf = (topic) =>
      cluster.findTopicPartitionMetadata(topic).map((metadata) => metadata.partitionId);
    const assignment = coPartitionedAssignment(subscriptions, topics, partitionsOf);
    return Promise.resolve(
      [...assignment].map(([memberId, owned]) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({
          version: 1,
          assignment: owned,
          userData: Buffer.alloc(0),
        }),
      })),
    );
  },
  protocol({ topics }: { topics: string[] }) {
    return {
      name: 'HooklineCoPartitioned',
      metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.alloc(0) }),
    };
  },
});
