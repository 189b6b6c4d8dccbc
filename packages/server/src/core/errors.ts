import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '@twostep/shared';
import type { Logger } from './logger.js';

/**
 * The one error model: features throw a `DomainError` with a code from the shared `ErrorCode`
 * enum and, where useful, small facts for the client (`retryAt`, `field`, `organizations`). The
 * formatter turns it into `extensions`; anything else becomes `INTERNAL_SERVER_ERROR`.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badInput = (field: string, message: string): DomainError => new DomainError(ErrorCode.BAD_USER_INPUT, message, { field });

export const notFound = (what: string): DomainError => new DomainError(ErrorCode.NOT_FOUND, `${what} not found`);

export const forbidden = (message = 'You may not do this.'): DomainError => new DomainError(ErrorCode.FORBIDDEN, message);

export const unauthenticated = (): DomainError => new DomainError(ErrorCode.UNAUTHENTICATED, 'Sign in first.');

/** Codes Apollo and graphql-js produce themselves that we pass through as they are. */
const passThrough = new Set<string>([
  ErrorCode.GRAPHQL_PARSE_FAILED,
  ErrorCode.GRAPHQL_VALIDATION_FAILED,
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.QUERY_TOO_COMPLEX,
  ErrorCode.BAD_REQUEST,
  // Apollo's answer to `extensions.persistedQuery` (APQ is off): the client's choice, not a failure.
  ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
  'OPERATION_RESOLUTION_FAILURE',
]);

function domainErrorOf(error: unknown): DomainError | undefined {
  if (error instanceof DomainError) return error;
  if (error instanceof GraphQLError && error.originalError) return domainErrorOf(error.originalError);
  return undefined;
}

/** graphql-js reports its token limit as a syntax error; for the client it is a complexity limit. */
const tokenLimit = /^Syntax Error: Document contains more th(?:at|an) \d+ tokens/;

/**
 * graphql-js's lexer refuses a lone UTF-16 surrogate in a string literal as a syntax error; for the
 * client it is bad text, refused as a NUL in a literal is (graphql/input-text.ts).
 */
const loneSurrogateInString = /^Syntax Error: Invalid character within String: U\+D[89A-F][0-9A-F]{2}\./;

/** Removes "Did you mean …?" so the schema cannot be guessed from error messages. */
function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean .*\?$/, '');
}

export function formatError(formatted: GraphQLFormattedError, error: unknown, log: Logger, exposeErrors: boolean): GraphQLFormattedError {
  const domain = domainErrorOf(error);
  if (domain) {
    return {
      message: domain.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: domain.code, ...domain.details },
    };
  }
  if (formatted.extensions?.code === ErrorCode.GRAPHQL_PARSE_FAILED && loneSurrogateInString.test(formatted.message)) {
    return { message: formatted.message, locations: formatted.locations, extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'query' } };
  }
  // Apollo re-labels validation errors; our own limit rules keep their more precise code.
  const inner =
    error instanceof GraphQLError && error.originalError instanceof GraphQLError ? error.originalError.extensions.code : undefined;
  const code =
    inner === ErrorCode.QUERY_TOO_COMPLEX ||
    (formatted.extensions?.code === ErrorCode.GRAPHQL_PARSE_FAILED && tokenLimit.test(formatted.message))
      ? ErrorCode.QUERY_TOO_COMPLEX
      : formatted.extensions?.code;
  if (typeof code === 'string' && passThrough.has(code)) {
    return {
      message: withoutSuggestions(formatted.message),
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code },
    };
  }
  // Argument coercion errors (wrong types in variables or literals) are the client's input; a
  // variable's arrives outside any resolver (no path) wrapping graphql-js's own scalar error.
  const coercion = error instanceof GraphQLError && (!error.originalError || (!error.path && error.originalError instanceof GraphQLError));
  if (coercion && !code) {
    return {
      message: withoutSuggestions(formatted.message),
      locations: formatted.locations,
      extensions: { code: ErrorCode.BAD_USER_INPUT },
    };
  }
  log.error({ err: error instanceof GraphQLError ? (error.originalError ?? error) : error, path: formatted.path }, 'unexpected error');
  return {
    message: exposeErrors ? formatted.message : 'Internal server error',
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a value has the shape PostgreSQL accepts as a uuid (a forged `000…0` of 36 does not). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && uuidPattern.test(value);
}

/** Ids are UUIDs; anything else is refused before it reaches SQL. */
export function validId(value: string, field: string): string {
  if (!isUuid(value)) throw badInput(field, 'This is not a valid id.');
  return value.toLowerCase();
}
