import type { DeliveryOutcome } from '@hookline/contracts';
import type { PositionedBatch } from '../positioned-batch';

export type ApplyOutcomesCommand = PositionedBatch<DeliveryOutcome>;
