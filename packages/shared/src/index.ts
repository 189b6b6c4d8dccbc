/**
 * What the server and the console share: closed enums, error codes, event names and the TOTP
 * parameters. Dependency-free on purpose, so both sides can import it without pulling anything in.
 */
export * from './error-codes.js';
export * from './domain.js';
export * from './totp.js';
export * from './limits.js';
export * from './roles.js';
