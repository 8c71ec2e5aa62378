/**
 * npm run helm -- version | lint <chartDir> | template <release> <chartDir> [-n namespace] [-f values.yaml]
 *
 * The real Helm (helm-java, fetched once into .cache/helm-java) for machines without a helm binary: the
 * same Helm the chart checks run. `lint` is always --strict; `template` prints the release manifest
 * (without hooks: helm-java's template leaves them out, see ../chart-renderer.ts).
 */
import { resolve } from 'node:path';
import { HelmError, HelmSession } from './helm';

const USAGE =
  'usage: npm run helm -- version | lint <chartDir> | template <release> <chartDir> [-n namespace] [-f values.yaml]';
const KUBE_VERSION = '1.30.0';

function option(args: string[], flag: string, fallback: string): string {
  const index = args.indexOf(flag);
  return index >= 0 && args[index + 1] !== undefined ? args[index + 1] : fallback;
}

async function run(helm: HelmSession, [command, ...args]: string[]): Promise<number> {
  switch (command) {
    case 'version':
      process.stdout.write(`${await helm.version()}\n`);
      return 0;
    case 'lint': {
      if (args[0] === undefined) break;
      const result = await helm.lint(resolve(args[0]));
      process.stdout.write(
        `${result.messages.join('\n')}\n${result.passed ? 'lint passed' : 'lint FAILED'}\n`,
      );
      return result.passed ? 0 : 1;
    }
    case 'template': {
      if (args[0] === undefined || args[1] === undefined) break;
      const output = await helm.template({
        release: args[0],
        chartDir: resolve(args[1]),
        namespace: option(args, '-n', 'default'),
        valuesFile: resolve(option(args, '-f', '/dev/null')),
        kubeVersion: KUBE_VERSION,
      });
      process.stdout.write(output);
      return 0;
    }
  }
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

async function main(): Promise<number> {
  const helm = await HelmSession.open();
  try {
    return await run(helm, process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof HelmError)) throw error;
    process.stderr.write(`Error: ${error.message}\n`);
    return 1;
  } finally {
    await helm.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
