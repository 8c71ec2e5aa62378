import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { BodyRefusal } from './body-refusal';

/**
 * How a group of routes checks credentials from the headers alone. The same objects are the routes' guards
 * (which stay the authorisation step), so there is one place per kind of credential that decides.
 */
export interface CredentialCheck {
  /** The 401 message, e.g. "a valid ingest token is required". */
  readonly refusal: string;
  /** Whether the request's credentials are valid; may note who it is on the request for the guard. */
  authenticate(request: IncomingMessage): boolean | Promise<boolean>;
}

/** Requests whose path starts with `prefix` (case-insensitive, as Express routes) must pass `check`. */
export interface ProtectedRoutes {
  prefix: string;
  check: CredentialCheck;
}

/** What the body parsers may read: only what an authentication step let through. */
export class AuthenticatedRequests {
  private readonly passed = new WeakSet<IncomingMessage>();

  mark(request: IncomingMessage): void {
    this.passed.add(request);
  }

  has(request: IncomingMessage): boolean {
    return this.passed.has(request);
  }
}

export type RefusalLog = (request: Request, refusal: BodyRefusal, cause?: unknown) => void;

/**
 * Express middleware that runs before any body parser: a request under a protected prefix is answered 401
 * from its headers, before a byte of its body is read or inflated, and its connection is closed (an
 * unauthenticated client gets nothing buffered, not even a drain). A request under no protected prefix
 * (probes, metrics, API docs) is let through, but its body is never read either: nothing is parsed for
 * anyone who did not authenticate.
 */
export function authenticateBeforeBody(
  routes: ProtectedRoutes[],
  authenticated: AuthenticatedRequests,
  log: RefusalLog,
) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const path = request.path.toLowerCase();
    const route = routes.find((candidate) => path.startsWith(candidate.prefix.toLowerCase()));
    if (route === undefined) return next();
    Promise.resolve()
      .then(() => route.check.authenticate(request))
      .then(
        (ok) => {
          if (ok) {
            authenticated.mark(request);
            return next();
          }
          const refusal = new BodyRefusal(401, route.check.refusal);
          log(request, refusal);
          response.setHeader('connection', 'close');
          response.status(401).json(refusal.answer());
        },
        (error: unknown) => {
          // The credential store (Postgres, for tenant keys) did not answer: the client may retry.
          const refusal = new BodyRefusal(503, 'credentials could not be checked; retry shortly', {
            retryAfterSeconds: 5,
          });
          log(request, refusal, error);
          response.setHeader('connection', 'close');
          response.setHeader('retry-after', '5');
          response.status(503).json(refusal.answer());
        },
      );
  };
}
