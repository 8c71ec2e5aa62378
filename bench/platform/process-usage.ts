/**
 * CPU time and peak resident memory of the service processes over one scenario, from Linux /proc:
 * `clear_refs` 5 resets a process's high-water mark (VmHWM) at the start, so the peak read at the end is
 * this scenario's; VmRSS is also sampled every 250 ms in case the reset is not permitted.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux this runs on (`getconf CLK_TCK`)

export interface ProcessUsage {
  cpuMs: number;
  peakRssMiB: number;
}

export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1_000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return NaN; // the process has gone
  }
}

function memoryKiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? 0 : Number(match[1]);
  } catch {
    return 0;
  }
}

function resetPeak(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // Not permitted here: the sampled VmRSS peak stands alone.
  }
}

/** Starts measuring `pids` (name → pid); `stop()` returns each one's CPU ms and peak RSS since the start. */
export function measureProcesses(pids: Record<string, number>): { stop(): Record<string, ProcessUsage> } {
  const names = Object.keys(pids);
  const cpuAtStart = new Map(names.map((name) => [name, cpuMs(pids[name])]));
  const peakKiB = new Map(names.map((name) => [name, 0]));
  const sample = () => {
    for (const name of names)
      peakKiB.set(name, Math.max(peakKiB.get(name) ?? 0, memoryKiB(pids[name], 'VmRSS')));
  };
  names.forEach((name) => resetPeak(pids[name]));
  sample();
  const timer = setInterval(sample, 250);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return Object.fromEntries(
        names.map((name) => {
          const peak = Math.max(peakKiB.get(name) ?? 0, memoryKiB(pids[name], 'VmHWM'));
          const usage: ProcessUsage = {
            cpuMs: cpuMs(pids[name]) - (cpuAtStart.get(name) ?? NaN),
            peakRssMiB: Math.round(peak / 1024),
          };
          return [name, usage];
        }),
      );
    },
  };
}

/** Summed CPU ms of `pids` so far: to wait until the platform has gone quiet between scenarios. */
export function totalCpuMs(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + (cpuMs(pid) || 0), 0);
}
