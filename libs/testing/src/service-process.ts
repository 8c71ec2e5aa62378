import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ServiceName } from './platform-env';

/** The four pipeline services, and the console (the front door) that fronts them. */
export type ProcessName = ServiceName | 'console';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');

export interface ServiceProcess {
  service: ProcessName;
  url: string;
  pid: number;
  logFile: string;
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  exited: Promise<number | string>;
  /** SIGTERM, then wait for a graceful exit (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<number | string>;
  /** SIGKILL: the crash no code can clean up after. */
  kill(): Promise<number | string>;
}

export interface StartServiceOptions {
  service: ProcessName;
  env: Record<string, string>;
  port: number;
  logFile: string;
  readyTimeoutMs?: number;
}

/** Runs a built service (`dist/apps/<service>/main.js`) as its own process and waits until `/readyz` is 200. */
export async function startServiceProcess(options: StartServiceOptions): Promise<ServiceProcess> {
  const entry = resolve(REPO_ROOT, 'dist', 'apps', options.service, 'main.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first`);
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  // HOOKLINE_SERVICE_NODE_FLAGS: extra node flags for every service a test, bench or chaos row starts
  // (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile them under load).
  // HOOKLINE_SERVICE_PROFILE_DIR: a CPU profile per service process, in <dir>/<service>/ (the bench's
  // `profile` command sets it), so each profile is named by the service it belongs to.
  const flags = (process.env.HOOKLINE_SERVICE_NODE_FLAGS ?? '').split(' ').filter((flag) => flag !== '');
  const profileDir = process.env.HOOKLINE_SERVICE_PROFILE_DIR;
  if (profileDir !== undefined && profileDir !== '')
    flags.push('--cpu-prof', `--cpu-prof-dir=${resolve(profileDir, options.service)}`);
  const child = spawn(process.execPath, ['--enable-source-maps', ...flags, entry], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...options.env, PORT: String(options.port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<number | string>((resolveExit) =>
    child.on('exit', (code, signal) => {
      log.end();
      resolveExit(code ?? signal ?? 'unknown');
    }),
  );
  const url = `http://127.0.0.1:${options.port}`;
  const handle: ServiceProcess = {
    service: options.service,
    url,
    pid: child.pid ?? 0,
    logFile: options.logFile,
    exited,
    stop: (graceMs = 20_000) => terminate(child, exited, graceMs),
    kill: () => {
      child.kill('SIGKILL');
      return exited;
    },
  };
  try {
    await waitUntilReady(url, exited, options.readyTimeoutMs ?? 60_000);
  } catch (error) {
    await handle.kill();
    throw new Error(
      `${options.service} did not become ready: ${(error as Error).message}\n${tail(options.logFile)}`,
    );
  }
  return handle;
}

async function waitUntilReady(
  url: string,
  exited: Promise<number | string>,
  timeoutMs: number,
): Promise<void> {
  let done: number | string | undefined;
  void exited.then((code) => (done = code));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (done !== undefined) throw new Error(`process exited (${done})`);
    try {
      const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms`);
}

async function terminate(child: ChildProcess, exited: Promise<number | string>, graceMs: number) {
  if (child.exitCode !== null || child.signalCode !== null) return exited;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
