// Shared by every test level: SWC transpiles TypeScript (with decorator metadata for Nest) in milliseconds,
// and the few ES-module-only packages the tests import (kubernetes-models, for the chart's object schemas)
// into CommonJS, which jest's module system loads.
/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.(ts|js)$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  resolver: '<rootDir>/test/setup/esm-only-packages-resolver.js',
  transformIgnorePatterns: ['/node_modules/(?!(kubernetes-models|@kubernetes-models|is-cidr|cidr-regex)/)'],
  moduleNameMapper: { '^@hookline/([a-z-]+)$': '<rootDir>/libs/$1/src' },
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.cache/', '<rootDir>/.local/'],
};
