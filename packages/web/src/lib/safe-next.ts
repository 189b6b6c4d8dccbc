/**
 * Where to go after signing in. Only paths of this console are accepted, so a crafted
 * `?next=https://evil.example` or `//evil.example` link cannot send anyone elsewhere.
 */
export function safeNext(next: string | null | undefined, fallback = '/'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if (/^\/(sign-in|forgot-password|reset-password|confirm-email)\b/.test(next)) return fallback;
  return next;
}

/** `/sign-in?next=…` for the given location. */
export function signInPath(next?: string): string {
  const target = safeNext(next, '');
  return target && target !== '/' ? `/sign-in?next=${encodeURIComponent(target)}` : '/sign-in';
}
