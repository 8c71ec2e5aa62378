import { IsString } from 'class-validator';
import { CommonEnv } from '@hookline/config';
import { DEFAULT_RETRY_SCHEDULE } from '../apps/delivery/src/config/retry-tier-topic-names';

/** What `create-topics` reads: the common settings, and delivery's retry schedule for the retry-tier topics. */
export class CreateTopicsEnv extends CommonEnv {
  /** The delivery service's retry schedule: which retry-tier topics to create. */
  @IsString()
  DELIVERY_RETRY_SCHEDULE = DEFAULT_RETRY_SCHEDULE;
}
