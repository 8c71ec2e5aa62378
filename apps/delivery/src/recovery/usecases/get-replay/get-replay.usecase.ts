import { Injectable, NotFoundException } from '@nestjs/common';
import { toReplayResponse, type ReplayResponseDto } from '../../dto/replay.response.dto';
import { ReplaysRepository } from '../../persistence/replays.repository';

@Injectable()
export class GetReplayUseCase {
  constructor(private readonly replays: ReplaysRepository) {}

  async execute(tenantId: string, replayId: string): Promise<ReplayResponseDto> {
    const replay = await this.replays.find(tenantId, replayId);
    if (replay === null) throw new NotFoundException(`replay ${replayId} not found`);
    return toReplayResponse(replay);
  }
}
