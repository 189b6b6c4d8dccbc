import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Random bearer secrets (session tokens, challenges, links, integration tokens). 256 random bits,
 * so a plain SHA-256 is a safe way to store them: only the hash is kept.
 */
export function newToken(prefix: string): { token: string; hash: Buffer } {
  const token = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Constant-time comparison of two strings of possibly different lengths. */
export function safeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right) && a.length === b.length;
}
