import {
  browserSupportsWebAuthn,
  startAuthentication,
  startRegistration,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';
import { TwoFactorMethodKind } from '@twostep/shared';

/**
 * The browser's half of a security key ceremony (SimpleWebAuthn). The server's `options` are
 * SimpleWebAuthn's own JSON, passed through as they are; the browser's answer goes back the same
 * way. What the browser refuses is told apart here, so screens can say it in words.
 */

/** Why the browser gave no answer: the person cancelled (or let it time out), or it cannot. */
export type KeyProblem = 'cancelled' | 'already-added' | 'unsupported' | 'wrong-site' | 'failed';

export class KeyCeremonyError extends Error {
  constructor(
    readonly problem: KeyProblem,
    cause: unknown,
  ) {
    super(`security key ceremony: ${problem}`, { cause });
    this.name = 'KeyCeremonyError';
  }
}

function problemOf(error: unknown): KeyProblem {
  const name = error instanceof Error ? error.name : '';
  const code = error && typeof error === 'object' && 'code' in error ? error.code : undefined;
  // Cancelled, timed out, or no key the browser could use: the spec says all of it with one name.
  if (name === 'NotAllowedError' || name === 'AbortError') return 'cancelled';
  if (name === 'InvalidStateError' || code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED') return 'already-added';
  if (name === 'SecurityError') return 'wrong-site';
  if (name === 'NotSupportedError') return 'unsupported';
  return 'failed';
}

/** The API's `JSONObject`: the answer as a plain object (its interface has no index signature). */
const jsonObject = (value: object): Record<string, unknown> => ({ ...value });

/** Asks the browser for a new key (or passkey) with the server's creation options. */
export async function createKey(options: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (!browserSupportsWebAuthn()) throw new KeyCeremonyError('unsupported', undefined);
  try {
    return jsonObject(await startRegistration({ optionsJSON: options as unknown as PublicKeyCredentialCreationOptionsJSON }));
  } catch (error) {
    throw new KeyCeremonyError(problemOf(error), error);
  }
}

/** Asks one of the account's keys to sign the server's challenge. */
export async function signWithKey(options: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (!browserSupportsWebAuthn()) throw new KeyCeremonyError('unsupported', undefined);
  try {
    return jsonObject(await startAuthentication({ optionsJSON: options as unknown as PublicKeyCredentialRequestOptionsJSON }));
  } catch (error) {
    throw new KeyCeremonyError(problemOf(error), error);
  }
}

/**
 * What to tell the person, by problem: `adding` while a new key is being registered; at sign-in,
 * `alternatives` when another way (a code) is offered beside the key.
 */
export function keyProblemMessage(problem: KeyProblem, { adding = false, alternatives = false } = {}): string {
  const otherWay = alternatives ? ' Try again, or use another way below.' : ' Try again.';
  switch (problem) {
    case 'cancelled':
      return adding
        ? 'The browser’s request was cancelled or timed out, so no key was added. Try again when your key or device is at hand.'
        : `The browser’s request was cancelled or timed out, or it found no key of this account.${otherWay}`;
    case 'already-added':
      return 'This key is already added to your account. Use another key, or keep the one you have.';
    case 'unsupported':
      return 'This browser cannot use security keys or passkeys. Try a current version of Chrome, Edge, Firefox or Safari.';
    case 'wrong-site':
      return 'Security keys do not work at this address of Twostep. Open it at its usual address and try again.';
    case 'failed':
      return `The browser could not talk to your key.${adding ? ' Try again, or try another key.' : otherWay}`;
  }
}

export const isKeyKind = (kind: string): boolean => kind === TwoFactorMethodKind.SECURITY_KEY || kind === TwoFactorMethodKind.PASSKEY;

export const keyKindLabel = (kind: string): string => (kind === TwoFactorMethodKind.PASSKEY ? 'Passkey' : 'Security key');
