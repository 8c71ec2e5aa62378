/**
 * A hook that runs before a consumer (re)joins its group, while it still owns its partitions: the place to
 * stop dispatching, let in-flight work finish and commit it, so the next owner does not fetch it again.
 *
 * Why a patch: kafkajs 2.2.4 (the last release) has no rebalance listener (no onPartitionsRevoked). Under its
 * eager protocol every member gives up every partition when it rejoins, and it rejoins the moment a
 * heartbeat says "rebalance in progress". The group waits for every member to rejoin (up to the rebalance
 * timeout), so holding our rejoin for a bounded drain holds the new assignment back until our work is
 * committed: that is the Java client's onPartitionsRevoked contract. The one method wrapped,
 * `ConsumerGroup.joinAndSync`, is called for every rejoin; the hook is looked up by the member id the
 * coordinator gave this consumer (a first join has none, and nothing to drain).
 */
export type BeforeRejoin = (heartbeat: () => Promise<void>) => Promise<void>;

interface KafkajsConsumerGroup {
  memberId: string | null;
  heartbeat(options: { interval: number }): Promise<void>;
  joinAndSync: (this: KafkajsConsumerGroup) => Promise<void>;
}

const hooks = new Map<string, BeforeRejoin>();
let installed = false;

/** Runs `hook` before the member `memberId` rejoins its group; returns the function that removes it. */
export function beforeRejoin(memberId: string, hook: BeforeRejoin): () => void {
  installPatch();
  hooks.set(memberId, hook);
  return () => {
    if (hooks.get(memberId) === hook) hooks.delete(memberId);
  };
}

function installPatch(): void {
  if (installed) return;
  installed = true;
  // Deep require on purpose (see above); kafkajs is pinned and in maintenance, so this path does not move.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ConsumerGroup = require('kafkajs/src/consumer/consumerGroup') as {
    prototype: KafkajsConsumerGroup;
  };
  const join = ConsumerGroup.prototype.joinAndSync;
  ConsumerGroup.prototype.joinAndSync = async function (this: KafkajsConsumerGroup): Promise<void> {
    const hook = this.memberId === null ? undefined : hooks.get(this.memberId);
    if (hook !== undefined) {
      // Heartbeats keep this member in the group while it drains (the coordinator answers "rebalance in
      // progress", and counts the heartbeat all the same).
      await hook(() => this.heartbeat({ interval: 0 }).catch(() => undefined));
    }
    return join.call(this);
  };
}
