import { Module } from '@nestjs/common';
import { CountQuotas } from './count-quotas';
import { RateQuotas } from './rate-quotas';

/**
 * Quota checks inside the transactions of the features that create things or act (endpoints, API keys, event
 * types, rotations, test events, verifications). Below every feature: it imports none of them.
 */
@Module({ providers: [CountQuotas, RateQuotas], exports: [CountQuotas, RateQuotas] })
export class QuotaLimitsModule {}
