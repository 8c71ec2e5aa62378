import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '@hookline/observability';
import { SecretBox } from '@hookline/webhook-crypto';
import { EndpointsRepository } from '../../../endpoints/persistence/endpoints.repository';
import type { ReencryptResponseDto } from '../../dto/admin.response.dto';
import { StateSnapshotRepository } from '../../persistence/state-snapshot.repository';

/**
 * Completes an encryption-key rotation: every secret sealed with an older key of SECRET_ENCRYPTION_KEYS is
 * re-sealed with the newest, one endpoint per transaction, and the endpoint's record is republished (new
 * version) so delivery picks up the new ciphertexts. Delivery must already hold the new key; once this has
 * run, the old key can be dropped from both services' configuration.
 */
@Injectable()
export class ReencryptSecretsUseCase {
  constructor(
    private readonly snapshot: StateSnapshotRepository,
    private readonly endpoints: EndpointsRepository,
    private readonly secretBox: SecretBox,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  async execute(): Promise<ReencryptResponseDto> {
    const stale = (sealed: string) => this.secretBox.needsReencryption(sealed);
    const targets = await this.snapshot.endpointsWithSecrets(stale);
    let endpoints = 0;
    for (const { tenantId, endpointId } of targets) {
      const changed = await this.endpoints.modify(tenantId, endpointId, new Date(), (_current, secrets) => {
        const reencrypt = secrets
          .filter((secret) => stale(secret.encrypted))
          .map((secret) => ({
            id: secret.id,
            encrypted: this.secretBox.encrypt(this.secretBox.decrypt(secret.encrypted)),
          }));
        return reencrypt.length === 0 ? undefined : { secrets: { reencrypt } };
      });
      if (changed !== null) endpoints += 1;
    }
    this.logger.info({ endpoints }, 'endpoint secrets re-encrypted with the newest key');
    return { endpoints };
  }
}
