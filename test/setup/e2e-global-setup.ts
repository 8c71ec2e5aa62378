import buildServices from './build-services';
import provisionTestInfrastructure from './provision-test-infrastructure';

export default async function e2eGlobalSetup(): Promise<void> {
  await buildServices();
  await provisionTestInfrastructure();
}
