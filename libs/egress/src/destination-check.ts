import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { blockedAddressReason, type AddressPolicy } from './blocked-address';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to all its addresses (dns.lookup by default; injectable for tests). */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: HostResolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

/**
 * What a refusal says wherever a tenant can read it (API errors, attempt records, verification results):
 * fixed text that never names the addresses a host resolved to, so the refusal cannot be used to map a
 * private network. The addresses are in `detail`, for the server log only.
 */
export const REFUSED_DESTINATION_MESSAGES = {
  blocked: 'destination not allowed: the host is, or resolves only to, an address that may not be contacted',
  unresolvable: 'destination host could not be resolved',
} as const;

export class BlockedDestinationError extends Error {
  readonly code = 'HOOKLINE_BLOCKED_DESTINATION';

  /**
   * `blocked`: the host is, or resolves only to, addresses that may not be contacted. `unresolvable`: the
   * lookup failed, which is refused too (never a reason to skip the check) but may be transient.
   * The message is the fixed public text of the kind; `detail` names the addresses and reasons (log it,
   * never show it to a tenant).
   */
  constructor(
    readonly detail: string,
    readonly kind: 'blocked' | 'unresolvable' = 'blocked',
  ) {
    super(REFUSED_DESTINATION_MESSAGES[kind]);
    this.name = 'BlockedDestinationError';
  }
}

/**
 * The addresses of `hostname` that may be contacted. Throws when there are none, when resolution fails
 * (a failed lookup is never a reason to skip the check), or when the host is a blocked IP literal.
 * URL parsing has already turned decimal, octal, hex and short IPv4 spellings into dotted form.
 */
export async function allowedAddresses(
  hostname: string,
  policy: AddressPolicy,
  resolve: HostResolver = systemResolver,
): Promise<ResolvedAddress[]> {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  const family = isIP(bare);
  if (family !== 0) {
    const reason = blockedAddressReason(bare, policy);
    if (reason !== undefined) throw new BlockedDestinationError(reason);
    return [{ address: bare, family }];
  }
  let resolved: ResolvedAddress[];
  try {
    resolved = await resolve(bare);
  } catch (error) {
    throw new BlockedDestinationError(
      `${bare} could not be resolved (${(error as Error).message})`,
      'unresolvable',
    );
  }
  const allowed = resolved.filter((entry) => blockedAddressReason(entry.address, policy) === undefined);
  if (allowed.length === 0) {
    const reasons = resolved.map((entry) => blockedAddressReason(entry.address, policy)).filter(Boolean);
    throw new BlockedDestinationError(
      `${bare} resolves only to addresses that may not be contacted: ${reasons.join('; ') || 'no addresses'}`,
    );
  }
  return allowed;
}

/** Registration-time check of a whole URL: its host must have at least one allowed address. */
export async function checkUrlDestination(
  url: string,
  policy: AddressPolicy,
  resolve: HostResolver = systemResolver,
): Promise<void> {
  await allowedAddresses(new URL(url).hostname, policy, resolve);
}
