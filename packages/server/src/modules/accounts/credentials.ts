import type { EntityManager } from '@mikro-orm/postgresql';
import { anonymous, type Principal } from '../../core/graphql/principal.js';
import { bearerToken, readCookie } from '../../core/http/credentials.js';
import type { SessionService } from './session.service.js';
import { SESSION_COOKIE } from './session-lifetimes.js';

/** Reads who a request is from its credentials; anonymous when it has none that holds. */
export type CredentialResolver = (em: EntityManager, cookie: string | undefined, authorization: string | undefined) => Promise<Principal>;

/**
 * The credential rules: a web session comes only as the `twostep_session` cookie, an app session
 * (`tsa_`) only as a bearer token, and any other bearer is handed to `otherBearer` (the
 * organizations' integration tokens, `tsi_`, which act as the organization, not as a person). A web
 * cookie value sent as a bearer, or an app token sent as a cookie, is no credential.
 */
export function credentialResolver(deps: {
  sessions: Pick<SessionService, 'authenticate'>;
  otherBearer: (em: EntityManager, token: string) => Promise<Principal | undefined>;
}): CredentialResolver {
  return async (em, cookie, authorization) => {
    const bearer = bearerToken(authorization);
    if (bearer?.startsWith('tsa_')) {
      const principal = await deps.sessions.authenticate(em, bearer);
      return principal && principal.client !== 'WEB' ? principal : anonymous;
    }
    if (bearer) return (await deps.otherBearer(em, bearer)) ?? anonymous;
    const token = readCookie(cookie, SESSION_COOKIE);
    if (!token) return anonymous;
    const principal = await deps.sessions.authenticate(em, token);
    return principal && principal.client === 'WEB' ? principal : anonymous;
  };
}
