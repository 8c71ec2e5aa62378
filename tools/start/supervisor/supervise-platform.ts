import { SERVICE_NAMES, type LocalPlatform } from '@hookline/testing';
import type { RestartPolicy } from './restart-policy';
import { superviseProcess, type Supervisor } from './supervise-process';

export interface PlatformSupervisor {
  /** No more restarts; waits for restarts under way. The platform's own stop() then stops every process. */
  release(): Promise<void>;
}

/**
 * `npm start`'s supervisor: each service (each replica of it) of the platform is restarted when it dies (through the platform,
 * so the same port and environment, and `platform.stop()` stops the latest process), until one crashes
 * too often in a row; then `onGiveUp` decides for the whole platform.
 */
export function supervisePlatform(
  platform: LocalPlatform,
  options: { log: (line: string) => void; onGiveUp: (reason: string) => void; policy?: RestartPolicy },
): PlatformSupervisor {
  // Every replica of every service on its own: one crashing replica is restarted on its own port.
  const supervisors: Supervisor<LocalPlatform['processes'][keyof LocalPlatform['processes']]>[] =
    SERVICE_NAMES.flatMap((service) =>
      platform.replicas[service].map((process, replica) =>
        superviseProcess({
          name: replica === 0 ? service : `${service} replica ${replica}`,
          initial: process,
          restart: () => platform.restart(service, replica),
          logFile: process.logFile,
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
