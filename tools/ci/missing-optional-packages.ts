/**
 * Optional dependencies a package-lock.json does not list. npm leaves other platforms' binaries
 * (@swc/core-darwin-arm64, …) out of a lockfile it writes from an existing node_modules; `npm ci` then refuses
 * that lockfile on a fresh clone ("Missing: … from lock file") and `npm install` rewrites it, leaving the clone
 * dirty. A complete lockfile lists the optional dependency of every package, for every platform.
 */
interface LockedPackage {
  optionalDependencies?: Record<string, string>;
}

export interface Lockfile {
  packages: Record<string, LockedPackage>;
}

/** Where npm looks for `name` required from the package at `from` (its own node_modules, then upwards). */
function resolves(lock: Lockfile, from: string, name: string): boolean {
  let base = from;
  for (;;) {
    if (`${base === '' ? '' : `${base}/`}node_modules/${name}` in lock.packages) return true;
    if (base === '') return false;
    const parent = base.lastIndexOf('/node_modules/');
    base = parent < 0 ? '' : base.slice(0, parent);
  }
}

export function missingOptionalPackages(lock: Lockfile): string[] {
  return Object.entries(lock.packages).flatMap(([path, entry]) =>
    Object.keys(entry.optionalDependencies ?? {})
      .filter((name) => !resolves(lock, path, name))
      .map((name) => `${path === '' ? 'the root package' : path} → ${name}`),
  );
}
