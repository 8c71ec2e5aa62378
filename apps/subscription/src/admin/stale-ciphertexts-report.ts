import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '@hookline/observability';
import { SecretBox } from '@hookline/webhook-crypto';
import { headerValuesNeedSealing } from '../endpoints/domain/sealed-header-values';
import { StateSnapshotRepository } from './persistence/state-snapshot.repository';

/**
 * Says at start-up, once, how many endpoints still hold what `POST /v1/admin/secrets/reencrypt` would
 * re-seal: header values stored in plaintext, `v1` (unbound) secrets, ciphertexts under an older key. The
 * service does not re-seal them itself: delivery must first run a version that reads `v2`, and only the
 * operator knows when every replica does. Runs in the background; start-up does not wait for it.
 */
@Injectable()
export class StaleCiphertextsReport implements OnApplicationBootstrap {
  private readonly logger: Logger;

  constructor(
    private readonly snapshot: StateSnapshotRepository,
    private readonly secretBox: SecretBox,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'stale-ciphertexts-report' });
  }

  onApplicationBootstrap(): void {
    this.report().catch((error: unknown) =>
      // Usually the service stopping while the walk ran; nothing depends on this report.
      this.logger.debug({ err: error }, 'could not count ciphertexts to re-seal'),
    );
  }

  private async report(): Promise<void> {
    const secrets = await this.snapshot.endpointsWithSecrets((sealed) =>
      this.secretBox.needsReencryption(sealed),
    );
    const headers = await this.snapshot.endpointsWithHeaders((stored) =>
      headerValuesNeedSealing(stored, this.secretBox),
    );
    if (secrets.length === 0 && headers.length === 0) {
      this.logger.info('every stored secret and header value is sealed, bound, under the newest key');
      return;
    }
    this.logger.warn(
      { endpointsWithStaleSecrets: secrets.length, endpointsWithStaleHeaderValues: headers.length },
      'endpoints hold plaintext header values, v1 secrets or ciphertexts under an older key: run POST /v1/admin/secrets/reencrypt once every delivery replica runs this version',
    );
  }
}
