import { CombinedGraphQLErrors, ServerError, ServerParseError } from '@apollo/client/errors';
import type { GraphQLFormattedError } from 'graphql';
import type { ErrorCode } from '@twostep/shared';
import { errorMessages, isErrorCode, transportMessages, type ApiErrorFacts, type TransportCode } from './error-messages';

/** An error as a screen shows it: a code to branch on, words to show, and the facts behind them. */
export interface DescribedError extends ApiErrorFacts {
  code: ErrorCode | TransportCode;
  message: string;
}

export type MessageOverrides = Partial<Record<ErrorCode, string | ((facts: ApiErrorFacts) => string)>>;

/** The organizations named in an error: `[{id, name}]` (the block) or plain names (last method). */
function organizationNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((item: unknown) => {
      if (typeof item === 'string') return item;
      if (item && typeof item === 'object' && 'name' in item && typeof item.name === 'string') return item.name;
      return undefined;
    })
    .filter((name): name is string => name !== undefined);
}

export function factsOf(error: GraphQLFormattedError): ApiErrorFacts {
  const extensions = error.extensions ?? {};
  return {
    field: typeof extensions.field === 'string' ? extensions.field : undefined,
    retryAt: typeof extensions.retryAt === 'string' ? extensions.retryAt : undefined,
    organizations: organizationNames(extensions.organizations),
  };
}

/** The first GraphQL error of an Apollo error, if it is one. */
export function firstGraphQLError(error: unknown): GraphQLFormattedError | undefined {
  return CombinedGraphQLErrors.is(error) ? error.errors[0] : undefined;
}

export function errorCodeOf(error: unknown): string | undefined {
  const code = firstGraphQLError(error)?.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Turns anything a mutation or query threw into words; never shows the server's raw message. */
export function describeError(error: unknown, overrides: MessageOverrides = {}): DescribedError {
  const graphQLError = firstGraphQLError(error);
  if (graphQLError) {
    const code = graphQLError.extensions?.code;
    const facts = factsOf(graphQLError);
    if (isErrorCode(code)) {
      const override = overrides[code];
      const message = typeof override === 'function' ? override(facts) : (override ?? errorMessages[code](facts));
      return { code, message, ...facts };
    }
    return { code: 'UNKNOWN', message: transportMessages.UNKNOWN, ...facts };
  }
  const none: ApiErrorFacts = { organizations: [] };
  if (ServerError.is(error) || ServerParseError.is(error)) {
    return { code: 'SERVER_FAILED', message: transportMessages.SERVER_FAILED, ...none };
  }
  if (error instanceof TypeError || (typeof navigator !== 'undefined' && !navigator.onLine)) {
    return { code: 'OFFLINE', message: transportMessages.OFFLINE, ...none };
  }
  return { code: 'UNKNOWN', message: transportMessages.UNKNOWN, ...none };
}
