/**
 * The processes besides the four services whose CPU an event costs: the Postgres backends serving the
 * bench's database (found through pg_stat_activity) and the Kafka broker (the process listening on the
 * broker's port, found through `ss`). Both are read from /proc like the services.
 */
import { execFileSync } from 'node:child_process';

/** The pid listening on `port` on this machine, or undefined (no permission, or the broker is elsewhere). */
export function listeningPid(port: number): number | undefined {
  try {
    const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8', timeout: 5_000 });
    const match = /pid=(\d+)/.exec(out);
    return match === null ? undefined : Number(match[1]);
  } catch {
    return undefined;
  }
}
