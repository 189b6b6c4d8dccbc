import type { Request, Response } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from './principal.js';

/**
 * The request context, built in one place (the composition root, `app.ts`) for HTTP and the
 * WebSocket alike: who is asking (and from which client, in the principal), a fresh MikroORM fork,
 * and the request's facts. No services: resolvers get theirs when the composition root constructs
 * them.
 */
export interface Context {
  em: EntityManager;
  principal: Principal;
  /** The client's address, as trusted by `TRUST_PROXY`. */
  ip: string;
  userAgent: string | undefined;
  /**
   * Reads who is asking again from the credential (the next root mutation field must see what the
   * earlier ones changed: `fresh-caller.ts`).
   */
  reauthenticate?: () => Promise<Principal>;
  /** Present over HTTP: lets sign-in set and sign-out clear the session cookie. */
  http?: { req: Request; res: Response };
}
