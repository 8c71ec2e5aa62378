import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'endpoint_secrets' })
export class EndpointSecretEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'endpoint_id', type: 'text' })
  endpointId!: string;

  /** AES-256-GCM ciphertext from SecretBox; the plaintext `whsec_` secret is never stored. */
  @Column({ type: 'text' })
  encrypted!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;
}
