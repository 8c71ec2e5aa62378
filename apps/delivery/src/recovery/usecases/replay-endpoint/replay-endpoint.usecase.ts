import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { badRequest } from '@hookline/http';
import { toReplayResponse, type ReplayResponseDto } from '../../dto/replay.response.dto';
import { ImmediateLane } from '../../immediate-lane';
import { ReplaysRepository } from '../../persistence/replays.repository';
import { ReplayRunner } from '../../replay-runner';
import type { ReplayEndpointCommand } from './replay-endpoint.command';

/**
 * Starts a replay of an endpoint's events of a time range (read from Kafka by timestamp) and answers at
 * once; the replay runs in the background and its progress is readable by id.
 */
@Injectable()
export class ReplayEndpointUseCase {
  constructor(
    private readonly lane: ImmediateLane,
    private readonly replays: ReplaysRepository,
    private readonly runner: ReplayRunner,
  ) {}

  async execute({ tenantId, endpointId, since, until }: ReplayEndpointCommand): Promise<ReplayResponseDto> {
    if (since.getTime() >= until.getTime()) {
      throw badRequest([{ field: 'since', message: 'must be before until' }]);
    }
    this.lane.deliverableEndpoint(tenantId, endpointId);
    const replay = await this.replays.create({
      id: `rpl_${randomBytes(12).toString('base64url')}`,
      tenantId,
      endpointId,
      since,
      until,
      status: 'running',
      scanned: 0,
      enqueued: 0,
      error: null,
      createdAt: new Date(),
      finishedAt: null,
    });
    this.runner.start(replay);
    return toReplayResponse(replay);
  }
}
