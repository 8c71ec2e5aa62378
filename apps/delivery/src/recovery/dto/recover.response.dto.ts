import { ApiProperty } from '@nestjs/swagger';

export class RecoverResponseDto {
  @ApiProperty() endpointId!: string;
  @ApiProperty({ description: 'Dead-lettered deliveries sent again' }) recovered!: number;
}
