import { SERVICE_NAMES, type LocalPlatform } from '@hookline/testing';
import type { RestartPolicy } from './restart-policy';
import { superviseProcess } from './supervise-process';

export interface PlatformSupervisor {
  /** No more restarts; waits for restarts under way. The platform's own stop() then stops every process. */
  release(): Promise<void>;
}

/**
 * `npm start`'s supervisor: each process of the platform (every replica of every service) is restarted when
 * it dies, through the platform, so with the same port and environment, and `platform.stop()` stops the
 * latest process; until one crashes too often in a row: then `onGiveUp` decides for the whole platform.
 */
export function supervisePlatform(
  platform: LocalPlatform,
  options: { log: (line: string) => void; onGiveUp: (reason: string) => void; policy?: RestartPolicy },
): PlatformSupervisor {
  const supervisors = SERVICE_NAMES.flatMap((service) =>
    platform.replicas[service].map((initial, replica) =>
      superviseProcess({
        name: platform.replicas[service].length > 1 ? `${service} replica ${replica}` : service,
        initial,
        restart: () => platform.restart(service, replica),
        logFile: initial.logFile,
        log: options.log,
        onGiveUp: options.onGiveUp,
        policy: options.policy,
      }),
    ),
  );
  return {
    release: async () => {
      await Promise.all(supervisors.map((supervisor) => supervisor.release()));
    },
  };
}
