import { Module } from '@nestjs/common';
import { EndpointsPersistenceModule } from '../endpoints/persistence/endpoints-persistence.module';
import { StateEventsModule } from '../state-events/state-events.module';
import { TenantsModule } from '../tenants/tenants.module';
import { AdminController } from './admin.controller';
import { StateSnapshotRepository } from './persistence/state-snapshot.repository';
import { StaleCiphertextsReport } from './stale-ciphertexts-report';
import { ReencryptSecretsUseCase } from './usecases/reencrypt-secrets/reencrypt-secrets.usecase';
import { RepublishStateUseCase } from './usecases/republish-state/republish-state.usecase';

@Module({
  imports: [TenantsModule, EndpointsPersistenceModule, StateEventsModule],
  controllers: [AdminController],
  providers: [
    RepublishStateUseCase,
    ReencryptSecretsUseCase,
    StateSnapshotRepository,
    StaleCiphertextsReport,
  ],
})
export class AdminModule {}
