// Every level in one run (what `npm test` executes), so CI gets one JSON report from jest itself.
// testTimeout is a global option in a multi-project run; the per-level configs set it for solo runs.
/** @type {import('jest').Config} */
module.exports = {
  projects: ['<rootDir>/jest.unit.config.js', '<rootDir>/jest.int.config.js', '<rootDir>/jest.e2e.config.js'],
  testTimeout: 180_000,
};
