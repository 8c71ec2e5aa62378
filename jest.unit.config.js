// Unit tests: `x.spec.ts` beside `x.ts`; no network, milliseconds each.
/** @type {import('jest').Config} */
module.exports = {
  ...require('./jest.preset'),
  displayName: 'unit',
  testMatch: ['<rootDir>/{apps,libs,tools,bench}/**/*.spec.ts'],
};
