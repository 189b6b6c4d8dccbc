/**
 * Second factors of an account: TOTP (RFC 6238) enrollment and verification with a replay guard
 * and attempt limits in the database, one-time recovery codes, removal and reset.
 */
export { TotpMethod } from './totp-method.entity.js';
export { RecoveryCode } from './recovery-code.entity.js';
export { TwoFactorService, type Enrollment } from './two-factor.service.js';
export { FactorAttempts, FREE_ATTEMPTS } from './attempts.js';
export { SecurityKeys, type SecurityKeyRow, type KeyKind } from './security-keys.js';
export { SecurityKeyResolver } from './security-key.resolver.js';
export { TwoFactorResolver } from './two-factor.resolver.js';
export { ViewerTwoFactorResolver } from './viewer-two-factor.resolver.js';
export { ProofInput } from './two-factor.types.js';
export { codeAt, timeStep } from './totp.js';
export { insertConfirmedTotp, methodKindsSql } from './method-rows.js';
