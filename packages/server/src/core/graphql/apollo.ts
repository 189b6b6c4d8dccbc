import type http from 'node:http';
import { ApolloServer, type ApolloServerPlugin, type GraphQLRequestListener } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Context } from './context.js';
import { DomainError, formatError } from '../errors.js';
import type { Logger } from '../logger.js';
import { ErrorCode } from '@twostep/shared';
import type { Gate } from './gate.js';
import { refuseUnfitText } from './input-text.js';
import type { Principal } from './principal.js';
import { limitRules, measureDocument, parseOptions, standInFor } from './limits.js';

export interface ApolloOptions {
  schema: GraphQLSchema;
  /** The gate (the access module's surface rules over the document's reach). */
  gate: Gate;
  httpServer: http.Server;
  log: Logger;
  introspection: boolean;
  exposeErrors: boolean;
  /** Told when the gate refuses a blocked member (for the audit log). */
  onBlocked?: (principal: Principal) => void;
}

/** Runs the gate (and the input-text check) after parsing and validation, before anything executes. */
function gatePlugin(gate: Gate, onBlocked?: (principal: Principal) => void): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, request }) {
          try {
            gate(document, contextValue.principal);
            refuseUnfitText(document, request.variables);
          } catch (error) {
            if (error instanceof DomainError) {
              if (error.code === ErrorCode.TWO_FACTOR_REQUIRED) onBlocked?.(contextValue.principal);
              // A refusal is an answer, not a server failure: HTTP 200 with the error's code.
              throw new GraphQLError(error.message, { originalError: error, extensions: { http: { status: 200 } } });
            }
            throw error;
          }
        },
      };
    },
  };
}

/**
 * Counts each document Apollo parsed before it validates it (`measureDocument`): validation's cost
 * grows with the square of repeated fields, and anyone may send a document. A refused document is
 * swapped for a tiny stand-in whose validation reports the refusal (QUERY_TOO_COMPLEX, HTTP 400,
 * as for the other limits). Documents Apollo already knows (by their hash) skip parse, validation
 * and this count.
 */
function measurePlugin(): ApolloServerPlugin<Context> {
  const listener: GraphQLRequestListener<Context> = {
    async validationDidStart(requestContext) {
      const refusal = measureDocument(requestContext.document);
      // Apollo validates `requestContext.document` as this hook leaves it (read-only to plugins in its types).
      if (refusal) (requestContext as { document: DocumentNode }).document = standInFor(refusal);
    },
  };
  return { requestDidStart: async () => listener };
}

export function createApollo(options: ApolloOptions): ApolloServer<Context> {
  const { schema, gate, httpServer, log, introspection, exposeErrors, onBlocked } = options;
  return new ApolloServer<Context>({
    schema,
    introspection,
    csrfPrevention: true,
    // Automatic persisted queries are off: the console sends whole documents, and with them on an
    // unknown or wrong hash answered INTERNAL_SERVER_ERROR. Any `extensions.persistedQuery` now
    // gets PERSISTED_QUERY_NOT_SUPPORTED (HTTP 200, as Apollo sends it).
    persistedQueries: false,
    // The process's owner (main.ts) stops everything in order on SIGINT/SIGTERM. Apollo's own
    // handlers (on outside NODE_ENV=test) raced it: its stop() never finished, and every
    // production SIGTERM waited for the 15-second force exit and ended with exit code 1.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: true,
    parseOptions,
    validationRules: limitRules,
    formatError: (formatted, error) => formatError(formatted, error, log, exposeErrors),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      measurePlugin(),
      gatePlugin(gate, onBlocked),
    ],
  });
}
