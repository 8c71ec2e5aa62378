// Integration tests: `*.int-spec.ts` beside the repository or consumer they test; real Postgres and Kafka.
/** @type {import('jest').Config} */
module.exports = {
  ...require('./jest.preset'),
  displayName: 'int',
  testMatch: ['<rootDir>/{apps,libs,tools}/**/*.int-spec.ts'],
  globalSetup: '<rootDir>/test/setup/provision-test-infrastructure.ts',
  globalTeardown: '<rootDir>/test/setup/release-test-infrastructure.ts',
  testTimeout: 60_000,
};
