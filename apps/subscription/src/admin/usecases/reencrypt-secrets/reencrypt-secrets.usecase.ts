import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '@hookline/observability';
import { SecretBox, signingSecretBinding } from '@hookline/webhook-crypto';
import {
  headerValuesNeedSealing,
  openHeaderValues,
  sealHeaderValues,
  type HeaderOwner,
} from '../../../endpoints/domain/sealed-header-values';
import type { EndpointEntity } from '../../../endpoints/persistence/endpoint.entity';
import type { EndpointSecretEntity } from '../../../endpoints/persistence/endpoint-secret.entity';
import {
  EndpointsRepository,
  type EndpointModification,
} from '../../../endpoints/persistence/endpoints.repository';
import type { ReencryptResponseDto } from '../../dto/admin.response.dto';
import { StateSnapshotRepository } from '../../persistence/state-snapshot.repository';

/**
 * Brings every stored ciphertext up to date, one endpoint per transaction, and republishes the endpoint's
 * record (new version) so delivery picks up the new ciphertexts:
 * - signing secrets sealed with an older key of SECRET_ENCRYPTION_KEYS, or in the unbound `v1` format, are
 *   re-sealed with the newest key, bound to their endpoint (`v2`);
 * - custom header values stored in plaintext (before values were sealed) or sealed with an older key are
 *   sealed the same way.
 * Delivery must already run a version that reads `v2` and hold the newest key; once this has run, the old
 * key can be dropped from both services' configuration. Safe to run again, and beside live traffic.
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
    const staleSecret = (sealed: string) => this.secretBox.needsReencryption(sealed);
    const staleHeaders = (headers: Record<string, string>) =>
      headerValuesNeedSealing(headers, this.secretBox);
    const targets = new Map<string, string>();
    for (const found of [
      await this.snapshot.endpointsWithSecrets(staleSecret),
      await this.snapshot.endpointsWithHeaders(staleHeaders),
    ]) {
      for (const { tenantId, endpointId } of found) targets.set(endpointId, tenantId);
    }
    const counts = { endpoints: 0, secrets: 0, headerValues: 0 };
    for (const [endpointId, tenantId] of targets) {
      const owner = { tenantId, endpointId };
      await this.endpoints.modify(tenantId, endpointId, new Date(), (current, secrets) => {
        const modification = this.reseal(owner, current, secrets);
        if (modification === undefined) return undefined;
        counts.endpoints += 1;
        counts.secrets += modification.secrets?.reencrypt?.length ?? 0;
        counts.headerValues += Object.keys(modification.patch?.headers ?? {}).length;
        return modification;
      });
    }
    this.logger.info(counts, 'endpoint secrets and header values re-sealed with the newest key');
    return counts;
  }

  /** The re-sealing one endpoint needs, decided on its locked current state; undefined when none. */
  private reseal(
    owner: HeaderOwner,
    current: EndpointEntity,
    secrets: EndpointSecretEntity[],
  ): EndpointModification | undefined {
    const binding = signingSecretBinding(owner.tenantId, owner.endpointId);
    const reencrypt = secrets
      .filter((secret) => this.secretBox.needsReencryption(secret.encrypted))
      .map((secret) => ({
        id: secret.id,
        encrypted: this.secretBox.encrypt(this.secretBox.decrypt(secret.encrypted, binding), binding),
      }));
    const headers = headerValuesNeedSealing(current.headers, this.secretBox)
      ? sealHeaderValues(openHeaderValues(current.headers, this.secretBox, owner), this.secretBox, owner)
      : undefined;
    if (reencrypt.length === 0 && headers === undefined) return undefined;
    return {
      ...(headers === undefined ? {} : { patch: { headers } }),
      ...(reencrypt.length === 0 ? {} : { secrets: { reencrypt } }),
    };
  }
}
