/**
 * Builds the console's browser files into dist/console-ui: one minified ES module bundle (Preact and the
 * pages, esbuild), its stylesheet and index.html. `npm run build`, `npm start` and the e2e harness run it;
 * the console service serves the folder.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const ROOT = resolve(__dirname, '..', '..');
const UI = join(ROOT, 'apps', 'console', 'ui');
export const CONSOLE_UI_OUT = join(ROOT, 'dist', 'console-ui');

export async function buildConsoleUi(): Promise<void> {
  const assets = join(CONSOLE_UI_OUT, 'assets');
  mkdirSync(assets, { recursive: true });
  await build({
    entryPoints: { console: join(UI, 'main.tsx'), 'console-styles': join(UI, 'styles.css') },
    outdir: assets,
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2022'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: join(UI, 'tsconfig.json'),
    sourcemap: true,
    legalComments: 'linked',
    logLevel: 'warning',
  });
  copyFileSync(join(UI, 'index.html'), join(CONSOLE_UI_OUT, 'index.html'));
}

if (require.main === module) {
  buildConsoleUi().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
