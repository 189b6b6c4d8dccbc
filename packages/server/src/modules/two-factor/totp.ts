import { timingSafeEqual } from 'node:crypto';
import { generateSecret, generateSync, generateURI } from 'otplib';
import { TOTP } from '@twostep/shared';

/** RFC 6238 with the shared parameters. The window and the comparison are ours, not otplib's. */
export function newTotpSecret(): string {
  return generateSecret({ length: TOTP.secretBytes });
}

export function totpUri(secret: string, email: string): string {
  return generateURI({
    strategy: 'totp',
    issuer: TOTP.issuer,
    label: email,
    secret,
    digits: TOTP.digits,
    period: TOTP.periodSeconds,
    algorithm: 'sha1',
  });
}

export function timeStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP.periodSeconds);
}

export function codeAt(secret: string, step: number): string {
  return generateSync({ secret, epoch: step * TOTP.periodSeconds, period: TOTP.periodSeconds, digits: TOTP.digits, algorithm: 'sha1' });
}

/**
 * The step whose code matches, among the current step and `TOTP.stepsBack` before it (never one
 * ahead), compared in constant time; undefined when none does. Every candidate is compared, so
 * the time taken does not depend on which one matched.
 */
export function matchingStep(secret: string, code: string, at: Date): number | undefined {
  const current = timeStep(at);
  const given = Buffer.from(code.padEnd(TOTP.digits, ' ').slice(0, 16));
  let found: number | undefined;
  for (let step = current - TOTP.stepsBack; step <= current; step++) {
    const expected = Buffer.from(codeAt(secret, step).padEnd(TOTP.digits, ' ').slice(0, 16));
    const equal = given.length === expected.length && timingSafeEqual(given, expected);
    if (equal && found === undefined) found = step;
  }
  return found;
}
