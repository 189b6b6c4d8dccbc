import { createHmac, randomBytes } from 'node:crypto';

/** A new signing secret, shown once: `whsec_` and 32 random bytes in base64 (Standard Webhooks). */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The HMAC key of a `whsec_…` secret. */
function keyOf(secret: string): Buffer {
  return Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
}

/**
 * The Standard Webhooks headers of one attempt: `webhook-id` (the same on every retry),
 * `webhook-timestamp` (seconds, this attempt's) and `webhook-signature`, HMAC-SHA256 over
 * `id.timestamp.body` with each secret in use (the new one first; the previous one too during the
 * 24 hours after a rotation), space-separated `v1,<base64>`.
 */
export function signedHeaders(id: string, at: Date, body: string, secrets: readonly string[]): Record<string, string> {
  const timestamp = Math.floor(at.getTime() / 1000).toString();
  const signatures = secrets.map(
    (secret) => `v1,${createHmac('sha256', keyOf(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')}`,
  );
  return {
    'content-type': 'application/json',
    'user-agent': 'Twostep-Webhooks/1',
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': signatures.join(' '),
  };
}
