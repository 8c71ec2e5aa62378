import { isIP, type LookupFunction } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { blockedAddressReason, type AddressPolicy } from './blocked-address';
import {
  BlockedDestinationError,
  allowedAddresses,
  systemResolver,
  type HostResolver,
} from './destination-check';

export interface GuardedDispatcherOptions extends AddressPolicy {
  connectTimeoutMs: number;
  /** Keep-alive sockets per origin. */
  connectionsPerOrigin: number;
  keepAliveTimeoutMs?: number;
  resolve?: HostResolver;
}

/**
 * An undici Agent that can only connect to allowed addresses. Names are resolved by our own lookup, which
 * drops blocked addresses, and the socket connects to an address that lookup returned, so DNS rebinding
 * between check and connect is impossible. IP literals are checked before connecting.
 */
export function createGuardedDispatcher(options: GuardedDispatcherOptions): Agent {
  const resolve = options.resolve ?? systemResolver;
  const guardedLookup: LookupFunction = (hostname, lookupOptions, callback) => {
    allowedAddresses(hostname, options, resolve).then(
      (addresses) => {
        const wanted = lookupOptions.family === 4 || lookupOptions.family === 6 ? lookupOptions.family : 0;
        const usable = wanted === 0 ? addresses : addresses.filter((entry) => entry.family === wanted);
        if (usable.length === 0) return callback(new Error(`no IPv${wanted} address for ${hostname}`), '', 0);
        if (lookupOptions.all === true) return callback(null, usable);
        return callback(null, usable[0].address, usable[0].family);
      },
      (error: Error) => callback(error, '', 0),
    );
  };
  const connect = buildConnector({ timeout: options.connectTimeoutMs, lookup: guardedLookup });
  return new Agent({
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
    connections: options.connectionsPerOrigin,
    connect: (connectOptions, callback) => {
      // net.connect skips `lookup` for IP literals, so those are checked here.
      const reason = isIpLiteral(connectOptions.hostname)
        ? blockedAddressReason(unbracket(connectOptions.hostname), options)
        : undefined;
      if (reason !== undefined) callback(new BlockedDestinationError(reason), null);
      else connect(connectOptions, callback);
    },
  });
}

function unbracket(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

function isIpLiteral(hostname: string): boolean {
  return isIP(unbracket(hostname)) !== 0;
}
