import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { missingOptionalPackages, type Lockfile } from './missing-optional-packages';

describe('package-lock.json', () => {
  it("lists every platform's optional binaries, so npm ci accepts it and no install rewrites it", () => {
    const lock = JSON.parse(
      readFileSync(join(__dirname, '..', '..', 'package-lock.json'), 'utf8'),
    ) as Lockfile;
    expect(missingOptionalPackages(lock)).toEqual([]);
    // Guards against a vacuous check: @swc/core has per-platform optional binaries.
    expect(lock.packages['node_modules/@swc/core'].optionalDependencies).toHaveProperty(
      '@swc/core-darwin-arm64',
    );
  });

  it('names an optional binary the lockfile left out (the check can fail)', () => {
    const lock: Lockfile = {
      packages: {
        '': {},
        'node_modules/@swc/core': {
          optionalDependencies: { '@swc/core-linux-x64-gnu': '1', '@swc/core-darwin-arm64': '1' },
        },
        'node_modules/@swc/core-linux-x64-gnu': {},
        'node_modules/a/node_modules/b': { optionalDependencies: { c: '1', d: '1' } },
        'node_modules/c': {},
      },
    };
    expect(missingOptionalPackages(lock)).toEqual([
      'node_modules/@swc/core → @swc/core-darwin-arm64',
      'node_modules/a/node_modules/b → d',
    ]);
  });
});
