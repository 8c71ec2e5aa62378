import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { buildConsoleUi } from '../../tools/build/console-ui';

/** End-to-end tests run the built services, so build them first (one webpack run, a few seconds). */
export default async function buildServices(): Promise<void> {
  if (process.env.HOOKLINE_SKIP_BUILD === '1') return;
  const root = resolve(__dirname, '..', '..');
  execFileSync(
    process.execPath,
    [resolve(root, 'node_modules/webpack-cli/bin/cli.js'), '--config', 'tools/build/webpack.config.js'],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  await buildConsoleUi();
}
