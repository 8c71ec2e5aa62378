import { ApiProperty } from '@nestjs/swagger';
import type { AttemptEntity } from '../../attempt-log/persistence/attempt.entity';

export class AttemptResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty() eventId!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty() endpointId!: string;
  @ApiProperty({ description: 'The receiver’s idempotency key: the same on every retry, resend and replay' })
  webhookId!: string;
  @ApiProperty() attempt!: number;
  @ApiProperty({ enum: ['event', 'resend', 'replay', 'recover'] }) trigger!: string;
  @ApiProperty() startedAt!: string;
  @ApiProperty() durationMs!: number;
  @ApiProperty({ enum: ['succeeded', 'failed'] }) result!: string;
  @ApiProperty({ type: Number, nullable: true }) statusCode!: number | null;
  @ApiProperty({ type: String, nullable: true }) errorClass!: string | null;
  @ApiProperty({ type: String, nullable: true }) errorMessage!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The first 4 KiB of the response' })
  responseBody!: string | null;
  @ApiProperty({ type: String, nullable: true }) nextAttemptAt!: string | null;
  @ApiProperty() exhausted!: boolean;
}

export class AttemptPageResponseDto {
  @ApiProperty({ type: [AttemptResponseDto] })
  data!: AttemptResponseDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last',
  })
  nextCursor!: string | null;
}

export function toAttemptResponse(row: AttemptEntity): AttemptResponseDto {
  return {
    id: row.id,
    eventId: row.eventId,
    eventType: row.eventType,
    endpointId: row.endpointId,
    webhookId: row.webhookId,
    attempt: row.attempt,
    trigger: row.trigger,
    startedAt: row.startedAt.toISOString(),
    durationMs: row.durationMs,
    result: row.result,
    statusCode: row.statusCode,
    errorClass: row.errorClass,
    errorMessage: row.errorMessage,
    responseBody: row.responseBody,
    nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
    exhausted: row.exhausted,
  };
}
