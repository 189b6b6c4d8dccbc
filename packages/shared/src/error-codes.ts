/**
 * Every `extensions.code` the API can return. A shipped code is permanent: clients branch on it.
 */
export const ErrorCode = {
  /** The input failed validation; `extensions.field` names the first offending field. */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** No valid session or token came with the request. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The caller is known but may not do this. */
  FORBIDDEN: 'FORBIDDEN',
  /** The field is not on the surface this client may reach (app or integration token). */
  SURFACE_NOT_ALLOWED: 'SURFACE_NOT_ALLOWED',
  /** The integration token lacks the scope the field names; `extensions.scope` says which. */
  SCOPE_REQUIRED: 'SCOPE_REQUIRED',
  /** An organization the user belongs to requires 2FA and the user has none. */
  TWO_FACTOR_REQUIRED: 'TWO_FACTOR_REQUIRED',
  /** The action needs the actor to have 2FA enabled first. */
  ACTOR_TWO_FACTOR_REQUIRED: 'ACTOR_TWO_FACTOR_REQUIRED',
  /** A sensitive action needs a fresh proof (password or current code) that was missing or wrong. */
  PROOF_REQUIRED: 'PROOF_REQUIRED',
  /** E-mail and password do not match an account (never says which one is wrong). */
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  /** The second-factor code is wrong, already used or out of its window. */
  INVALID_CODE: 'INVALID_CODE',
  /**
   * A security key's answer was refused: `extensions.reason` says why (ORIGIN, RP_ID, CHALLENGE,
   * COUNTER, CREDENTIAL, USER_PRESENCE, MALFORMED). Counted like a wrong code.
   */
  KEY_REFUSED: 'KEY_REFUSED',
  /** The sign-in challenge is unknown, used or expired. */
  CHALLENGE_EXPIRED: 'CHALLENGE_EXPIRED',
  /** Too many failed attempts; `extensions.retryAt` says when to try again. */
  LOCKED_OUT: 'LOCKED_OUT',
  /** Too many requests of this kind; `extensions.retryAt` says when to try again. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** The server is at its capacity for this work (password hashing); retry shortly. */
  BUSY: 'BUSY',
  /** The thing named does not exist or is not visible to the caller. */
  NOT_FOUND: 'NOT_FOUND',
  /** The state changed meanwhile or does not allow this (e.g. already confirmed). */
  CONFLICT: 'CONFLICT',
  /** A mutation that needs `confirm: true` did not get it. */
  CONFIRMATION_REQUIRED: 'CONFIRMATION_REQUIRED',
  /** The user's last second factor cannot be removed while an organization requires 2FA. */
  LAST_METHOD_REQUIRED: 'LAST_METHOD_REQUIRED',
  /** An organization must keep at least one legal representative. */
  LAST_LEGAL_REPRESENTATIVE: 'LAST_LEGAL_REPRESENTATIVE',
  /** Only `EXTERNAL` members may leave; only `INTERNAL` members may be reset. */
  MEMBERSHIP_KIND: 'MEMBERSHIP_KIND',
  /** The member was alerted too recently; `extensions.retryAt` says when the next alert is allowed. */
  ALERT_TOO_SOON: 'ALERT_TOO_SOON',
  /** The invitation or link is unknown, used, revoked or expired. */
  TOKEN_INVALID: 'TOKEN_INVALID',
  /** The document is too deep, has too many aliases or tokens, or costs too much. */
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  /** The document does not parse or does not validate against the schema. */
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  /** The HTTP request itself was refused: no CSRF-safe header, a batch, malformed JSON. */
  BAD_REQUEST: 'BAD_REQUEST',
  /** HTTP 413: the body is over the size limit. */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** HTTP 415: the body's charset is not UTF-8, or its `Content-Encoding` is not one the server reads. */
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  /** The request carried `extensions.persistedQuery`: automatic persisted queries are off; send the document. */
  PERSISTED_QUERY_NOT_SUPPORTED: 'PERSISTED_QUERY_NOT_SUPPORTED',
  /** Something failed inside the server; details are in its log, never in the response. */
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
