import type { Request, Response } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from './core/graphql/principal.js';
import type { Services } from './services.js';

/**
 * The request context, built in one place (`core/graphql/context-factory.ts`) for HTTP and the
 * WebSocket alike: a fresh MikroORM fork, who is asking, and the services.
 */
export interface Context {
  em: EntityManager;
  principal: Principal;
  services: Services;
  /** The client's address, as trusted by `TRUST_PROXY`. */
  ip: string;
  userAgent: string | undefined;
  /**
   * Reads who is asking again from the credential (the next root mutation field must see what the
   * earlier ones changed: `core/graphql/fresh-caller.ts`).
   */
  reauthenticate?: () => Promise<Principal>;
  /** Present over HTTP: lets sign-in set and sign-out clear the session cookie. */
  http?: { req: Request; res: Response };
}
