import { ApiProperty } from '@nestjs/swagger';
import type { ReplayEntity } from '../persistence/replay.entity';

export class ReplayResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty() endpointId!: string;
  @ApiProperty() since!: string;
  @ApiProperty() until!: string;
  @ApiProperty({ enum: ['running', 'completed', 'failed'] }) status!: string;
  @ApiProperty({ description: 'Events read from the range so far' }) scanned!: number;
  @ApiProperty({ description: 'Of those, sent to the endpoint again' }) enqueued!: number;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) finishedAt!: string | null;
}

export function toReplayResponse(replay: ReplayEntity): ReplayResponseDto {
  return {
    id: replay.id,
    endpointId: replay.endpointId,
    since: replay.since.toISOString(),
    until: replay.until.toISOString(),
    status: replay.status,
    scanned: replay.scanned,
    enqueued: replay.enqueued,
    error: replay.error,
    createdAt: replay.createdAt.toISOString(),
    finishedAt: replay.finishedAt?.toISOString() ?? null,
  };
}
