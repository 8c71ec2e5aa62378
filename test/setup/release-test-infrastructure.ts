import type { Infrastructure } from '../../tools/infra/provision-infrastructure';

const holder = globalThis as typeof globalThis & { hooklineTestInfrastructure?: Infrastructure };

/** Jest global teardown: stops only what the global setup started. */
export default async function releaseTestInfrastructure(): Promise<void> {
  const infrastructure = holder.hooklineTestInfrastructure;
  holder.hooklineTestInfrastructure = undefined;
  await infrastructure?.stop();
}
