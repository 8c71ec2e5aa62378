import { coPartitionedAssignment } from './co-partitioned-assigner';

const tiers = ['retry.0s', 'retry.5s', 'retry.5m'];
const sixEach = () => [0, 1, 2, 3, 4, 5];

describe('coPartitionedAssignment', () => {
  it('gives partition p of every topic to one member, so a key has one owner across topics', () => {
    const members = ['m-b', 'm-a', 'm-c'].map((memberId) => ({ memberId, topics: tiers }));
    const assignment = coPartitionedAssignment(members, tiers, sixEach);

    for (const partition of sixEach()) {
      const owners = tiers.map((topic) =>
        [...assignment].filter(([, owned]) => owned[topic]?.includes(partition)).map(([id]) => id),
      );
      expect(owners.every((found) => found.length === 1)).toBe(true);
      expect(new Set(owners.flat()).size).toBe(1);
    }
    expect(assignment.get('m-a')).toEqual({ 'retry.0s': [0, 3], 'retry.5m': [0, 3], 'retry.5s': [0, 3] });
  });

  it('assigns every partition to the only member, and none to members beyond the partition count', () => {
    const one = coPartitionedAssignment([{ memberId: 'x', topics: tiers }], tiers, () => [0, 1]);
    expect(one.get('x')).toEqual({ 'retry.0s': [0, 1], 'retry.5m': [0, 1], 'retry.5s': [0, 1] });

    const many = ['a', 'b', 'c'].map((memberId) => ({ memberId, topics: tiers }));
    expect(coPartitionedAssignment(many, tiers, () => [0, 1]).get('c')).toEqual({});
  });

  it('gives a topic only to members that subscribe to it', () => {
    const members = [
      { memberId: 'a', topics: ['retry.0s'] },
      { memberId: 'b', topics: ['retry.0s', 'retry.old'] },
    ];
    const assignment = coPartitionedAssignment(members, ['retry.0s', 'retry.old'], () => [0, 1]);
    expect(assignment.get('a')).toEqual({ 'retry.0s': [0] });
    expect(assignment.get('b')).toEqual({ 'retry.0s': [1], 'retry.old': [0, 1] });
  });
});
