/**
 * Jars from Maven Central, resolved once into an ignored cache folder: a pom that names what is wanted, then
 * `mvn dependency:copy-dependencies` into a private temp folder that is renamed into place, so the folder
 * is never half-filled and concurrent callers wait for one download. Used for the local Kafka broker
 * (tools/local-kafka) and the real Helm (tools/deploy-checks/helm).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { isErrno, withLock } from './file-lock';

const execFileAsync = promisify(execFile);

const FETCH_LOCK_WAIT_MS = 20 * 60_000;

export const JAVA_HINT =
  'install a JDK/JRE 17+ (e.g. `apt-get install openjdk-17-jre-headless`) or set JAVA_HOME';
export const MVN_HINT =
  'install Maven 3.8+ (e.g. `apt-get install maven`); it is needed once to fetch the jars';

export interface MavenJarsRequest {
  /** What is fetched, for the progress lines ("Kafka 4.4.0"). */
  label: string;
  pomPath: string;
  /** The folder the jars end up in. */
  libsDir: string;
  /** A jar whose presence in libsDir means the fetch completed. */
  completeWhen: string;
  /** -D properties passed to Maven (versions, platform). */
  properties?: Record<string, string>;
  /** Roughly how much is downloaded on a first run, for the progress line. */
  approximateMb: number;
}

/** Resolves the jars once; later calls (and concurrent ones) reuse the cached folder. */
export async function fetchMavenJars(request: MavenJarsRequest): Promise<string> {
  const { libsDir } = request;
  if (await pathExists(join(libsDir, request.completeWhen))) return libsDir;

  await assertCommandWorks(javaBin(), ['-version'], 'java', JAVA_HINT);
  await assertCommandWorks('mvn', ['-v'], 'mvn', MVN_HINT);
  await mkdir(dirname(libsDir), { recursive: true });

  return withLock(join(dirname(libsDir), 'fetch.lock'), FETCH_LOCK_WAIT_MS, async () => {
    // Another process may have completed the download while we waited for the lock.
    if (!(await pathExists(join(libsDir, request.completeWhen)))) await downloadJars(request);
    return libsDir;
  });
}

async function downloadJars(request: MavenJarsRequest): Promise<void> {
  const { libsDir } = request;
  const tempDir = `${libsDir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const startedAt = Date.now();
  process.stderr.write(
    `fetching ${request.label} jars from Maven Central (first run only, ~${request.approximateMb} MB download)…\n`,
  );
  try {
    await runMaven(request, tempDir);
    if (!(await pathExists(join(tempDir, request.completeWhen))))
      throw new Error(`Maven finished but ${request.completeWhen} is missing`);
    // Only a folder left over by a manual edit can be here (we hold the lock); replace it.
    await rm(libsDir, { recursive: true, force: true });
    await rename(tempDir, libsDir);
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
  const { files, bytes } = await folderSize(libsDir);
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  process.stderr.write(
    `fetched ${files} jars (${(bytes / 1024 / 1024).toFixed(1)} MB) in ${seconds} s into ${libsDir}\n`,
  );
}

async function runMaven(request: MavenJarsRequest, outputDir: string): Promise<void> {
  const args = [
    '-q',
    '-B',
    '-f',
    request.pomPath,
    'dependency:copy-dependencies',
    `-DoutputDirectory=${outputDir}`,
    '-DincludeScope=runtime',
    ...Object.entries(request.properties ?? {}).map(([key, value]) => `-D${key}=${value}`),
  ];
  try {
    await execFileAsync('mvn', args, { cwd: dirname(request.pomPath), maxBuffer: 16 * 1024 * 1024 });
  } catch (err: unknown) {
    throw new Error(`mvn ${args.join(' ')} failed (is Maven Central reachable?)\n${processOutput(err)}`);
  }
}

export function javaBin(): string {
  const javaHome = process.env.JAVA_HOME;
  return javaHome ? join(javaHome, 'bin', 'java') : 'java';
}

/** Fails with the tool's name and how to install it when the command cannot run. */
export async function assertCommandWorks(
  command: string,
  args: string[],
  name: string,
  hint: string,
): Promise<void> {
  try {
    await execFileAsync(command, args);
  } catch (err: unknown) {
    const reason = isErrno(err, 'ENOENT') ? 'not found' : `not working (${errorMessage(err)})`;
    throw new Error(`${name} is ${reason} (tried \`${command}\`): ${hint}`);
  }
}

export async function pathExists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function folderSize(dir: string): Promise<{ files: number; bytes: number }> {
  const names = await readdir(dir);
  const sizes = await Promise.all(names.map(async (name) => (await stat(join(dir, name))).size));
  return { files: names.length, bytes: sizes.reduce((sum, size) => sum + size, 0) };
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Message (which already ends with stderr) plus stdout of a failed execFile: Maven logs errors there. */
export function processOutput(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const { stdout } = err as Error & { stdout?: string };
  return [err.message, stdout].filter((part) => part && part.trim()).join('\n');
}
