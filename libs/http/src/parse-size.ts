const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024 };

/**
 * Bytes of a size setting such as `256kb` or `32mb` (the config classes accept only these spellings).
 * Written here because the `bytes` package Express uses ships no types, and this is all of it we need.
 */
export function parseSize(size: string): number {
  const match = /^(\d+)\s*(b|kb|mb)$/i.exec(size.trim());
  if (match === null) throw new Error(`"${size}" is not a size such as 256kb or 32mb`);
  return Number(match[1]) * UNITS[match[2].toLowerCase()];
}
