import { fixedReplicaPorts, parseReplicaCounts } from './replica-counts';

describe('parseReplicaCounts', () => {
  it('runs one process per service when HOOKLINE_REPLICAS is unset or empty', () => {
    expect(parseReplicaCounts(undefined)).toEqual({ producer: 1, subscription: 1, delivery: 1, health: 1 });
    expect(parseReplicaCounts(' ')).toEqual({ producer: 1, subscription: 1, delivery: 1, health: 1 });
  });

  it('reads per-service counts and lets a later entry override all=', () => {
    expect(parseReplicaCounts('all=2, delivery=3')).toEqual({
      producer: 2,
      subscription: 2,
      delivery: 3,
      health: 2,
    });
    expect(parseReplicaCounts('delivery=3,health=2')).toEqual({
      producer: 1,
      subscription: 1,
      delivery: 3,
      health: 2,
    });
  });

  it.each([
    ['deliveri=2', /unknown service "deliveri"/],
    ['delivery=0', /outside 1\.\.8/],
    ['delivery=9', /outside 1\.\.8/],
    ['delivery', /not <service>=<count>/],
    ['delivery=two', /not <service>=<count>/],
  ])('rejects %s', (spec, message) => {
    expect(() => parseReplicaCounts(spec)).toThrow(message);
  });
});

describe('fixedReplicaPorts', () => {
  it('keeps the base port for replica 0 and steps by 10 for the others', () => {
    const base = { producer: 3001, subscription: 3002, delivery: 3003, health: 3004 };
    expect(fixedReplicaPorts(base, { producer: 1, subscription: 2, delivery: 3, health: 1 })).toEqual({
      producer: [3001],
      subscription: [3002, 3012],
      delivery: [3003, 3013, 3023],
      health: [3004],
    });
  });
});
