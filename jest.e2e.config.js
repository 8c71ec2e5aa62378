// End-to-end tests: the built services as separate processes, real Kafka, Postgres and HTTP receivers.
/** @type {import('jest').Config} */
module.exports = {
  ...require('./jest.preset'),
  displayName: 'e2e',
  testMatch: ['<rootDir>/apps/*/test/**/*.e2e-spec.ts', '<rootDir>/test/e2e/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/test/setup/e2e-global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/release-test-infrastructure.ts',
  testTimeout: 180_000,
};
