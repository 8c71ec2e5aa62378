import { topicNames } from '@hookline/contracts';
import { hooklineTopicSpecs, withMaxMessageBytes } from './hookline-topic-specs';

describe('max.message.bytes on the topics Hookline creates', () => {
  it("sets the layout's limit (1 MiB by default) on every core topic", () => {
    const specs = hooklineTopicSpecs(topicNames(''), { partitions: 3, replicationFactor: 1 });
    expect(new Set(specs.map((spec) => spec.configs?.['max.message.bytes']))).toEqual(new Set(['1048576']));
    const tuned = hooklineTopicSpecs(topicNames(''), {
      partitions: 3,
      replicationFactor: 1,
      maxMessageBytes: 2_097_152,
    });
    expect(new Set(tuned.map((spec) => spec.configs?.['max.message.bytes']))).toEqual(new Set(['2097152']));
  });

  it("adds it to a service's own topics without overriding a spec that sets its own", () => {
    const specs = withMaxMessageBytes(
      [
        { topic: 'retry', partitions: 1, replicationFactor: 1, configs: { 'retention.ms': '1' } },
        { topic: 'own', partitions: 1, replicationFactor: 1, configs: { 'max.message.bytes': '70000' } },
      ],
      65_536,
    );
    expect(specs.map((spec) => spec.configs)).toEqual([
      { 'max.message.bytes': '65536', 'retention.ms': '1' },
      { 'max.message.bytes': '70000' },
    ]);
  });
});
