import type http from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { Context } from '../../context.js';
import { DomainError, formatError } from '../errors.js';
import type { Logger } from '../logger.js';
import { ErrorCode } from '@twostep/shared';
import { gateDocument } from './gate.js';
import { refuseNulCharacters } from './input-text.js';
import type { Principal } from './principal.js';
import { limitRules, parseOptions } from './limits.js';
import type { SurfaceMap } from './surface.js';

export interface ApolloOptions {
  schema: GraphQLSchema;
  surfaces: SurfaceMap;
  httpServer: http.Server;
  log: Logger;
  introspection: boolean;
  exposeErrors: boolean;
  /** Told when the gate refuses a blocked member (for the audit log). */
  onBlocked?: (principal: Principal) => void;
}

/** Runs the gate (and the input-text check) after parsing and validation, before anything executes. */
function gatePlugin(schema: GraphQLSchema, surfaces: SurfaceMap, onBlocked?: (principal: Principal) => void): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, request }) {
          try {
            gateDocument(schema, surfaces, document, contextValue.principal);
            refuseNulCharacters(document, request.variables);
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

export function createApollo(options: ApolloOptions): ApolloServer<Context> {
  const { schema, surfaces, httpServer, log, introspection, exposeErrors, onBlocked } = options;
  return new ApolloServer<Context>({
    schema,
    introspection,
    csrfPrevention: true,
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
      gatePlugin(schema, surfaces, onBlocked),
    ],
  });
}
