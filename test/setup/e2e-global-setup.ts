import buildServices from './build-services';
import provisionTestInfrastructure from './provision-test-infrastructure';

export default async function e2eGlobalSetup(): Promise<void> {
  buildServices();
  await provisionTestInfrastructure();
}
