import { createHash, randomInt } from 'node:crypto';
import { TOTP } from '@twostep/shared';

// Crockford-style alphabet: no I, L, O, U, so codes survive being read aloud or copied by hand.
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Ten codes of 16 characters (80 random bits each), shown as XXXX-XXXX-XXXX-XXXX. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: TOTP.recoveryCodeCount }, () => {
    let raw = '';
    for (let i = 0; i < 16; i++) raw += alphabet[randomInt(alphabet.length)];
    return raw.match(/.{4}/g)!.join('-');
  });
}

export function normalizeRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

export function hashRecoveryCode(code: string): Buffer {
  return createHash('sha256').update(normalizeRecoveryCode(code)).digest();
}

/** A six-digit entry is a TOTP code; anything else is read as a recovery code. */
export function looksLikeTotp(code: string): boolean {
  return /^\d{6}$/.test(code.trim());
}
