import { batchEventId as contractBatchEventId } from '@hookline/contracts';
import { batchEventId } from './batch-event-id';

describe('batchEventId (client copy)', () => {
  it('derives the same ids as the producer, so a caller can name the events of its batch', () => {
    for (const [batch, subject] of [
      ['bulk-1', 'c1'],
      ['9a3f…', 'conv/42'],
    ]) {
      expect(batchEventId(batch, subject)).toBe(contractBatchEventId(batch, subject));
    }
  });
});
