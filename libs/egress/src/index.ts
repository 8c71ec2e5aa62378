export { blockedAddressReason, PRIVATE_IPV4_RANGE } from './blocked-address';
export type { AddressPolicy } from './blocked-address';
export {
  BlockedDestinationError,
  REFUSED_DESTINATION_MESSAGES,
  allowedAddresses,
  checkUrlDestination,
  systemResolver,
} from './destination-check';
export type { HostResolver, ResolvedAddress } from './destination-check';
export { createGuardedDispatcher } from './guarded-dispatcher';
export type { GuardedDispatcherOptions } from './guarded-dispatcher';
export { EgressClient } from './egress-client';
export type { EgressClientOptions, EgressResponse } from './egress-client';
