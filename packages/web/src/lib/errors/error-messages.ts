import { ErrorCode, Limits } from '@twostep/shared';
import { formatRetryAt } from '../format';

/** What the API said, reduced to what a message needs. */
export interface ApiErrorFacts {
  field?: string;
  retryAt?: string;
  /** Names of the organizations an error is about (block, last method). */
  organizations: string[];
}

type Message = (facts: ApiErrorFacts) => string;

const listOf = (names: string[], fallback: string): string => {
  if (names.length === 0) return fallback;
  if (names.length === 1) return names[0]!;
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
};

const tryAgain = (retryAt: string | undefined): string =>
  retryAt ? `Try again ${formatRetryAt(retryAt)}.` : 'Try again in a few minutes.';

/** Words for input problems the server names by field; anything else gets the generic line. */
const fieldMessages: Record<string, string> = {
  email: 'Enter a valid e-mail address.',
  newEmail: 'Enter a valid e-mail address.',
  newPassword: `Choose a password of ${Limits.minPasswordLength} to ${Limits.maxPasswordLength} characters.`,
  password: 'This password is too long.',
  currentPassword: 'This password is too long.',
  displayName: `Enter a name of 1 to ${Limits.maxNameLength} characters.`,
  code: 'Enter the code your authenticator app shows, or a recovery code.',
  'proof.code': 'Enter the code your authenticator app shows, or a recovery code.',
  'proof.password': 'This password is too long.',
  id: 'This item no longer exists. Reload the page.',
  requiredFrom: `Choose a moment at least ${Limits.minScheduleAheadHours} hour and at most a year ahead.`,
  days: `Choose between 0 and ${Limits.maxNewMemberWindowDays} days.`,
  reason: `Give a reason of 1 to ${Limits.maxExemptionReasonLength} characters.`,
  expiresAt: 'Choose an end in the future, at most a year ahead.',
  offsets: 'Choose up to 5 different whole days from 1 to 60.',
  timeZone: 'Choose a time zone from the list.',
  name: `Name the key with 1 to ${Limits.maxKeyNameLength} characters.`,
  at: 'Preview a moment from now on, at most two years ahead.',
  url: 'Enter the full address of a public web page, starting with https://.',
  eventTypes: 'Choose at least one event to send.',
  description: `Write a description of at most ${Limits.maxWebhookDescriptionLength} characters.`,
};

/**
 * Every API error code in words, in one place. The compiler checks that no code is missing; a
 * screen that needs a different sentence for one code passes an override to `describeError`.
 */
export const errorMessages = {
  BAD_USER_INPUT: ({ field }) => (field && fieldMessages[field]) ?? 'Some of what you entered is not valid. Check the form and try again.',
  UNAUTHENTICATED: () => 'Your session has ended. Sign in again.',
  FORBIDDEN: () => 'You are not allowed to do this.',
  SURFACE_NOT_ALLOWED: () => 'This cannot be done from the console.',
  SCOPE_REQUIRED: () => 'This token is not allowed to do this.',
  TWO_FACTOR_REQUIRED: ({ organizations }) =>
    `${listOf(organizations, 'An organization you belong to')} requires two-step verification. Set it up to continue.`,
  ACTOR_TWO_FACTOR_REQUIRED: () => 'Turn on two-step verification for your own account first.',
  PROOF_REQUIRED: ({ field }) =>
    field === 'proof.password'
      ? 'That password is not right.'
      : field === 'proof.code'
        ? 'That code is not valid. Enter the code your app shows now, or an unused recovery code.'
        : 'Confirm with your password or a current code.',
  INVALID_CREDENTIALS: () => 'The e-mail address or the password is wrong.',
  INVALID_CODE: () => 'That code is not valid. Enter the code your app shows now; it changes every 30 seconds.',
  KEY_REFUSED: () => 'Your security key’s answer was not accepted. Try again, or use another key or method.',
  CHALLENGE_EXPIRED: () => 'This sign-in took too long and has expired. Enter your password again.',
  LOCKED_OUT: ({ retryAt }) => `Too many wrong codes, so codes are paused for this account. ${tryAgain(retryAt)}`,
  RATE_LIMITED: ({ retryAt }) => `Too many attempts. ${tryAgain(retryAt)}`,
  BUSY: () => 'The server is busy right now. Try again in a moment.',
  NOT_FOUND: () => 'This does not exist, or you cannot see it.',
  CONFLICT: () => 'Something changed in the meantime. Reload the page and try again.',
  CONFIRMATION_REQUIRED: () => 'This needs your confirmation first.',
  LAST_METHOD_REQUIRED: ({ organizations }) =>
    `${listOf(organizations, 'An organization you belong to')} requires two-step verification, so your only method cannot be removed.`,
  LAST_LEGAL_REPRESENTATIVE: () => 'An organization must keep at least one legal representative.',
  MEMBERSHIP_KIND: () => 'Only external members can leave an organization, and only internal members can be reset.',
  ALERT_TOO_SOON: ({ retryAt }) => `This member was alerted recently. ${tryAgain(retryAt)}`,
  TOKEN_INVALID: () => 'This link is no longer valid: it has expired or was already used.',
  QUERY_TOO_COMPLEX: () => 'The console asked for too much at once. Reload the page.',
  GRAPHQL_VALIDATION_FAILED: () => 'The console is out of date. Reload the page.',
  GRAPHQL_PARSE_FAILED: () => 'The console is out of date. Reload the page.',
  BAD_REQUEST: () => 'The console sent a request the server could not read. Reload the page and try again.',
  PAYLOAD_TOO_LARGE: () => 'That is too much to send at once. Shorten what you typed and try again.',
  UNSUPPORTED_MEDIA_TYPE: () => 'The console sent a request in a format the server does not accept. Reload the page and try again.',
  PERSISTED_QUERY_NOT_SUPPORTED: () => 'The console is out of date. Reload the page.',
  INTERNAL_SERVER_ERROR: () => 'Something went wrong on the server. Try again; if it keeps happening, tell your administrator.',
} satisfies Record<ErrorCode, Message>;

/** Not API codes: what went wrong before an answer arrived. */
export const transportMessages = {
  OFFLINE: 'Twostep could not be reached. Check your connection and try again.',
  SERVER_FAILED: 'The server could not answer. Try again in a moment.',
  UNKNOWN: 'Something went wrong. Try again.',
} as const;

export type TransportCode = keyof typeof transportMessages;

export const isErrorCode = (code: unknown): code is ErrorCode =>
  typeof code === 'string' && Object.prototype.hasOwnProperty.call(errorMessages, code);

export { ErrorCode };
