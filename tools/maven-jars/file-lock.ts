/**
 * Cross-process mutex: an exclusively created file holding the owner's pid. A lock whose owner is dead
 * (crash, SIGKILL) is taken over, so an interrupted run never blocks the next one.
 */
import { readFile, rm, stat, writeFile } from 'node:fs/promises';

export async function withLock<T>(lockPath: string, waitMs: number, work: () => Promise<T>): Promise<T> {
  await acquireLock(lockPath, waitMs);
  try {
    return await work();
  } finally {
    await rm(lockPath, { force: true });
  }
}

async function acquireLock(lockPath: string, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  let announced = false;
  for (;;) {
    try {
      await writeFile(lockPath, String(process.pid), { flag: 'wx' });
      return;
    } catch (err: unknown) {
      if (!isErrno(err, 'EEXIST')) throw err;
    }
    if (await isStaleLock(lockPath)) {
      await rm(lockPath, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${lockPath}; delete it if no other process uses it`);
    }
    if (!announced) process.stderr.write(`waiting for another process holding ${lockPath}…\n`);
    announced = true;
    await new Promise((resolveSleep) => setTimeout(resolveSleep, 500));
  }
}

async function isStaleLock(lockPath: string): Promise<boolean> {
  const owner = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim());
  if (Number.isInteger(owner) && owner > 0) return !isProcessAlive(owner);
  // Empty: the owner is between creating and writing the file, unless that was long ago.
  const info = await stat(lockPath).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs > 10_000;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err: unknown) {
    return isErrno(err, 'EPERM'); // exists, owned by another user
  }
}

export function isErrno(err: unknown, code: string): boolean {
  return err instanceof Error && (err as NodeJS.ErrnoException).code === code;
}
