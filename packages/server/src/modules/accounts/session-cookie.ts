import type { Context } from '../../core/graphql/context.js';
import { SESSION_COOKIE, sessionLifetimes } from './session-lifetimes.js';

/**
 * Hands a new WEB session to the browser: an HttpOnly, SameSite cookie, `Secure` behind HTTPS.
 * Every way of signing in (sign-in, accepting an invitation with a new account) goes through here.
 */
export function writeSessionCookie(ctx: Pick<Context, 'http'>, token: string, secure: boolean): void {
  ctx.http?.res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: sessionLifetimes.WEB.absoluteMs,
  });
}
