import { systemResolver, type HostResolver } from '@hookline/egress';

/**
 * The DNS lookup registration checks and verification requests use: the system resolver in the service;
 * integration tests provide a table so that "a name that resolves to a blocked address" needs no real DNS.
 */
export const HOST_RESOLVER = Symbol('HOST_RESOLVER');

export const defaultHostResolver: HostResolver = systemResolver;
