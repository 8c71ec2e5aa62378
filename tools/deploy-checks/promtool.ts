/**
 * Prometheus' `promtool` (Debian's `prometheus` package) for checking and unit-testing the alert rules.
 * A missing promtool is an error naming the command that installs it, never a skipped check.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const PROMTOOL_INSTALL = 'apt-get install -y --no-install-recommends prometheus';

export interface PromtoolResult {
  ok: boolean;
  output: string;
}

export async function promtool(args: string[], cwd: string): Promise<PromtoolResult> {
  try {
    const { stdout, stderr } = await execFileAsync('promtool', args, { cwd });
    return { ok: true, output: `${stdout}${stderr}` };
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (failure.code === 'ENOENT')
      throw new Error(`promtool is not installed: run \`${PROMTOOL_INSTALL}\` (as root) and test again`);
    return { ok: false, output: `${failure.stdout ?? ''}${failure.stderr ?? ''}` };
  }
}
