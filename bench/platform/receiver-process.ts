import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { request } from 'undici';
import type { RunProgress, RunStats } from './receiver/run-record';

/** Starts bench/platform/receiver/receiver-main.ts as its own process and reads its counts over HTTP. */
export class ReceiverProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly port: number,
    private readonly hangPort: number,
  ) {}

  static async start(): Promise<ReceiverProcess> {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'receiver', 'receiver-main.ts')],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production' },
      },
    );
    const [port, hangPort] = await new Promise<[number, number]>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout });
      lines.once('line', (line) => {
        const match = /^listening (\d+) (\d+)$/.exec(line);
        if (match === null) reject(new Error(`the bench receiver said ${line}`));
        else resolve([Number(match[1]), Number(match[2])]);
      });
      child.once('exit', (code) => reject(new Error(`the bench receiver exited (${code}) before listening`)));
    });
    return new ReceiverProcess(child, port, hangPort);
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  /** Paths under /hang are on the receiver's second port: an origin of their own. */
  url(path: string): string {
    return `http://127.0.0.1:${path.startsWith('/hang') ? this.hangPort : this.port}${path}`;
  }

  progress(run: string): Promise<RunProgress> {
    return this.get(`/_bench/runs/${encodeURIComponent(run)}/progress`);
  }

  stats(run: string): Promise<RunStats> {
    return this.get(`/_bench/runs/${encodeURIComponent(run)}`);
  }

  /** webhook-id → first arrival (epoch ms) of every delivery of `run`. */
  arrivals(run: string): Promise<Record<string, number>> {
    return this.get(`/_bench/runs/${encodeURIComponent(run)}/arrivals`);
  }

  async hanging(): Promise<number> {
    return (await this.get<{ hanging: number }>('/_bench/hanging')).hanging;
  }

  /** Frees the run's records (ids, arrivals) once its figures are read. */
  async forget(run: string): Promise<void> {
    const response = await request(this.url(`/_bench/runs/${encodeURIComponent(run)}`), {
      method: 'DELETE',
    });
    await response.body.dump();
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }

  private async get<T>(path: string): Promise<T> {
    const response = await request(this.url(path));
    const body = await response.body.text();
    if (response.statusCode !== 200)
      throw new Error(`bench receiver ${path}: ${response.statusCode} ${body}`);
    return JSON.parse(body) as T;
  }
}
