/**
 * The real Helm for the chart checks, without a helm binary on the machine: helm-java's build of Helm (Go,
 * compiled into a shared library, from Maven Central) driven by HelmServer.java. Fetched once into
 * .cache/helm-java/<version>/ (like the Kafka jars), then one HelmServer process per HelmSession answers
 * `helm lint --strict` and `helm template` requests.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { fetchMavenJars, javaBin, pathExists, processOutput, withLock } from '../../maven-jars';

const execFileAsync = promisify(execFile);

/** helm-java's version; 0.0.21 embeds Helm 3.21.0. */
export const HELM_JAVA_VERSION = '0.0.21';

const TOOL_DIR = __dirname;
const REPO_ROOT = resolve(TOOL_DIR, '..', '..', '..');
const CACHE_DIR = join(REPO_ROOT, '.cache', 'helm-java', HELM_JAVA_VERSION);
const SERVER_SOURCE = join(TOOL_DIR, 'HelmServer.java');
const RESPONSE_PREFIX = '@@helm ';

export interface HelmInstallation {
  classpath: string;
  library: string;
}

/** helm-java's artifact for this machine (Helm's GOOS-GOARCH). */
export function helmPlatform(os = platform(), cpu = arch()): string {
  const goos = { linux: 'linux', darwin: 'darwin', win32: 'windows' }[os as string];
  const goarch = { x64: 'amd64', arm64: 'arm64' }[cpu];
  if (goos === undefined || goarch === undefined) throw new Error(`helm-java has no build for ${os}/${cpu}`);
  return `${goos}-${goarch}`;
}

/** Fetches the jars, extracts the library and compiles HelmServer, each once; returns what to run. */
export async function installHelm(): Promise<HelmInstallation> {
  const helmPlatformName = helmPlatform();
  const libsDir = await fetchMavenJars({
    label: `Helm (helm-java ${HELM_JAVA_VERSION}, ${helmPlatformName})`,
    pomPath: join(TOOL_DIR, 'pom.xml'),
    libsDir: join(CACHE_DIR, helmPlatformName, 'libs'),
    completeWhen: `${helmPlatformName}-${HELM_JAVA_VERSION}.jar`,
    properties: { 'helm-java.version': HELM_JAVA_VERSION, 'helm.platform': helmPlatformName },
    approximateMb: 40,
  });
  const library = await extractLibrary(libsDir, helmPlatformName);
  const classes = await compileServer();
  return { classpath: `${join(libsDir, '*')}:${classes}`, library };
}

/** The shared library inside the platform jar, unpacked once next to it. */
async function extractLibrary(libsDir: string, helmPlatformName: string): Promise<string> {
  const name = `helm-${helmPlatformName}.${helmPlatformName.startsWith('darwin') ? 'dylib' : 'so'}`;
  const target = join(CACHE_DIR, helmPlatformName, name);
  if (await pathExists(target)) return target;
  return withLock(`${target}.lock`, 5 * 60_000, async () => {
    if (await pathExists(target)) return target;
    const temp = `${target}.tmp-${process.pid}`;
    await mkdir(temp, { recursive: true });
    try {
      const jar = join(libsDir, `${helmPlatformName}-${HELM_JAVA_VERSION}.jar`);
      await runTool('jar', ['xf', jar, name], temp);
      await rename(join(temp, name), target);
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
    return target;
  });
}

/** HelmServer.java compiled into a folder named after its content, so an edit recompiles it. */
async function compileServer(): Promise<string> {
  const hash = createHash('sha256')
    .update(await readFile(SERVER_SOURCE))
    .digest('hex')
    .slice(0, 12);
  const classes = join(CACHE_DIR, `server-${hash}`);
  if (await pathExists(join(classes, 'HelmServer.class'))) return classes;
  const libs = join(CACHE_DIR, helmPlatform(), 'libs', '*');
  return withLock(`${classes}.lock`, 5 * 60_000, async () => {
    if (await pathExists(join(classes, 'HelmServer.class'))) return classes;
    const temp = `${classes}.tmp-${process.pid}`;
    await rm(temp, { recursive: true, force: true });
    await runTool('javac', ['-cp', libs, '-d', temp, SERVER_SOURCE], TOOL_DIR);
    await rename(temp, classes);
    return classes;
  });
}

async function runTool(command: string, args: string[], cwd: string): Promise<void> {
  const bin = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', command) : command;
  try {
    await execFileAsync(bin, args, { cwd, maxBuffer: 16 * 1024 * 1024 });
  } catch (err: unknown) {
    throw new Error(
      `${command} ${args.join(' ')} failed (a JDK 17+ is needed, not only a JRE)\n${processOutput(err)}`,
    );
  }
}

export interface TemplateRequest {
  chartDir: string;
  valuesFile: string;
  release: string;
  namespace: string;
  kubeVersion: string;
}

export interface LintResult {
  passed: boolean;
  messages: string[];
}

/** Helm's own error from a failed request (a `required`/`fail` in a template, a schema violation, …). */
export class HelmError extends Error {}

/** One HelmServer process; requests are answered in order. close() it when done (e.g. in afterAll). */
export class HelmSession {
  private readonly waiting: { resolve: (line: string) => void; reject: (error: Error) => void }[] = [];
  private exited: Error | undefined;
  private stderr = '';

  private constructor(private readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith(RESPONSE_PREFIX)) return;
      this.waiting.shift()?.resolve(line.slice(RESPONSE_PREFIX.length));
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    child.on('exit', (code, signal) => {
      this.exited = new Error(`HelmServer exited (code ${code}, signal ${signal})\n${this.stderr}`);
      for (const waiter of this.waiting.splice(0)) waiter.reject(this.exited);
    });
  }

  static async open(): Promise<HelmSession> {
    const installation = await installHelm();
    const child = spawn(javaBin(), ['-cp', installation.classpath, 'HelmServer', installation.library], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const session = new HelmSession(child);
    await session.version();
    return session;
  }

  async version(): Promise<string> {
    return this.request(['version']);
  }

  /** `helm lint --strict <chartDir>` (the chart's own values.yaml). */
  async lint(chartDir: string): Promise<LintResult> {
    const [verdict, ...messages] = (await this.request(['lint', chartDir])).split('\n');
    return { passed: verdict === 'passed', messages: messages.filter((message) => message !== '') };
  }

  /** `helm template <release> <chartDir> -n <namespace> --kube-version <v> -f <valuesFile>`. */
  async template(request: TemplateRequest): Promise<string> {
    return this.request([
      'template',
      request.release,
      request.namespace,
      request.kubeVersion,
      request.chartDir,
      request.valuesFile,
    ]);
  }

  async close(): Promise<void> {
    if (this.exited !== undefined) return;
    const exit = new Promise<void>((resolveExit) => this.child.once('exit', () => resolveExit()));
    this.child.stdin!.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exit;
    clearTimeout(timer);
  }

  private request(fields: string[]): Promise<string> {
    if (this.exited !== undefined) return Promise.reject(this.exited);
    const line = fields.map((field) => Buffer.from(field, 'utf8').toString('base64')).join(' ');
    const response = new Promise<string>((resolveLine, rejectLine) =>
      this.waiting.push({ resolve: resolveLine, reject: rejectLine }),
    );
    this.child.stdin!.write(`${line}\n`);
    return response.then((answer) => {
      const [status, payload = ''] = answer.split(' ');
      const text = Buffer.from(payload, 'base64').toString('utf8');
      if (status !== 'ok') throw new HelmError(text);
      return text;
    });
  }
}
