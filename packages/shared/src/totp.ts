/** TOTP parameters (RFC 6238) shared by the server and the console's setup screen. */
export const TOTP = {
  issuer: 'Twostep',
  digits: 6,
  periodSeconds: 30,
  algorithm: 'SHA1',
  /** Accepted steps: the current one and this many before it; never one ahead. */
  stepsBack: 1,
  secretBytes: 20,
  recoveryCodeCount: 10,
} as const;
