import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'applied_offsets' })
export class AppliedOffsetEntity {
  @PrimaryColumn({ type: 'text' })
  topic!: string;

  @PrimaryColumn({ type: 'integer' })
  partition!: number;

  /** Kept as a string: Kafka offsets are 64-bit. */
  @Column({ name: 'next_offset', type: 'bigint' })
  nextOffset!: string;
}
