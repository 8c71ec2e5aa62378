import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { EventDeadLettersRepository } from './event-dead-letters.repository';
import { AttemptLogRepository } from '../projection/persistence/attempt-log.repository';
import { DeadLettersRepository } from '../projection/persistence/dead-letters.repository';
import { EndpointHealthRepository } from '../projection/persistence/endpoint-health.repository';
import { EventRoutesRepository } from '../projection/persistence/event-routes.repository';
import { MinuteStatsRepository } from '../projection/persistence/minute-stats.repository';
import { ProjectionPositionsRepository } from '../projection/persistence/projection-positions.repository';
import { DecisionsRepository } from '../retirement/persistence/decisions.repository';

/** The health schema's repositories, bound to one transaction (or to the pool, for reads). */
export interface HealthRepositories {
  endpoints: EndpointHealthRepository;
  positions: ProjectionPositionsRepository;
  minuteStats: MinuteStatsRepository;
  attempts: AttemptLogRepository;
  routes: EventRoutesRepository;
  decisions: DecisionsRepository;
  deadLetters: DeadLettersRepository;
  eventDeadLetters: EventDeadLettersRepository;
  /** Serialises this transaction against others that take the same named lock (e.g. the sweep). */
  tryAdvisoryLock(name: string): Promise<boolean>;
}

// Deadlocks and serialization failures are safe to retry: the transaction was rolled back as a whole.
const RETRYABLE_CODES = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 5;

function repositoriesFor(manager: EntityManager): HealthRepositories {
  return {
    endpoints: new EndpointHealthRepository(manager),
    positions: new ProjectionPositionsRepository(manager),
    minuteStats: new MinuteStatsRepository(manager),
    attempts: new AttemptLogRepository(manager),
    routes: new EventRoutesRepository(manager),
    decisions: new DecisionsRepository(manager),
    deadLetters: new DeadLettersRepository(manager),
    eventDeadLetters: new EventDeadLettersRepository(manager),
    tryAdvisoryLock: async (name) => {
      const rows: Array<{ locked: boolean }> = await manager.query(
        'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked',
        [name],
      );
      return rows[0]?.locked === true;
    },
  };
}

@Injectable()
export class HealthStore {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Repositories on the pool: each call is its own statement, for reads. */
  get read(): HealthRepositories {
    return repositoriesFor(this.dataSource.manager);
  }

  /** Runs `work` in one transaction, retried from scratch on a deadlock or serialization failure. */
  async transaction<T>(work: (repositories: HealthRepositories) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction((manager) => work(repositoriesFor(manager)));
      } catch (error) {
        const code = (error as { driverError?: { code?: string }; code?: string }).driverError?.code;
        if (attempt >= MAX_ATTEMPTS || code === undefined || !RETRYABLE_CODES.has(code)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
      }
    }
  }
}
