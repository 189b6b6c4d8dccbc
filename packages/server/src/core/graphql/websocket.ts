import type http from 'node:http';
import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type ExecutionArgs,
  type GraphQLSchema,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Context } from './context.js';
import { formatError, unauthenticated } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Gate } from './gate.js';
import { refuseUnfitText } from './input-text.js';
import { DocumentCache } from './document-cache.js';
import { quietProtocolErrors } from './socket-protocol-errors.js';
import { documentLimits, limitRules, measureDocument, parseOptions } from './limits.js';
import { anonymous, type Principal } from './principal.js';
import { bindSocketConnection, SocketConnection } from './socket-connection.js';
import { subscribeOverSocket } from './socket-operations.js';

export interface SocketAuth {
  /** Who the socket is, from its upgrade request and `connection_init` payload; undefined refuses it. */
  authenticate(request: http.IncomingMessage, params: Record<string, unknown> | undefined): Promise<Principal | undefined>;
  /** Builds the per-operation context (a fresh ORM fork) for an authenticated socket. */
  context(principal: Principal, request: http.IncomingMessage): Context;
}

/** Told of every authenticated socket as it opens and closes (the live module's socket registry). */
export interface SocketListener {
  opened(connection: SocketConnection): void;
  closed(connection: SocketConnection): void;
}

type SocketExtra = Record<string, unknown> & { connection?: SocketConnection };

/**
 * graphql-ws on `/graphql`. Authentication happens at `connection_init` (4403 without a valid
 * credential, 4408 without init in time); every operation reads the credential again and passes
 * the same parse limits, validation rules (introspection included), gate and error formatting as
 * over HTTP. Running subscriptions end with the gate's error when the socket's access changes.
 */
export function attachWebSocket(options: {
  httpServer: http.Server;
  schema: GraphQLSchema;
  /** The gate (the access module's surface rules over the document's reach). */
  gate: Gate;
  auth: SocketAuth;
  log: Logger;
  exposeErrors: boolean;
  /** Introspection over the socket, as over HTTP: off unless explicitly enabled (default off). */
  introspection?: boolean;
  sockets?: SocketListener;
  /** How long a socket may wait before `connection_init` (default 3 s), then 4408. */
  connectionInitWaitMs?: number;
}): { server: WebSocketServer; dispose: () => Promise<void> } {
  const { httpServer, schema, gate, auth, log, exposeErrors, sockets } = options;
  const server = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: documentLimits.maxSocketPayloadBytes });
  const rules = [...specifiedRules, ...limitRules, ...(options.introspection ? [] : [NoSchemaIntrospectionCustomRule])];
  const documents = new DocumentCache();
  server.on('connection', (socket) => quietProtocolErrors(socket, log));
  const cleanup = useServer<Record<string, unknown> | undefined, SocketExtra>(
    {
      schema,
      // Close reasons carry no internal messages unless internal errors are exposed (development).
      isProd: !exposeErrors,
      connectionInitWaitTimeout: options.connectionInitWaitMs ?? 3_000,
      onConnect: async (ctx) => {
        const { request, socket } = ctx.extra;
        const principal = await auth.authenticate(request, ctx.connectionParams).catch(() => undefined);
        if (!principal) return false;
        const connection = new SocketConnection({
          socket,
          principal,
          reauthenticate: () => auth.authenticate(request, ctx.connectionParams),
          gate,
          log,
        });
        (ctx.extra as SocketExtra).connection = connection;
        sockets?.opened(connection);
        return true;
      },
      onClose: (ctx) => {
        const connection = (ctx.extra as SocketExtra).connection;
        if (!connection) return;
        connection.markClosed();
        sockets?.closed(connection);
      },
      subscribe: subscribeOverSocket,
      onSubscribe: async (ctx, _id, payload): Promise<ExecutionArgs | readonly GraphQLError[]> => {
        const connection = (ctx.extra as SocketExtra).connection!;
        const fail = (error: unknown): readonly GraphQLError[] => {
          const graphqlError =
            error instanceof GraphQLError ? error : new GraphQLError((error as Error).message, { originalError: error as Error });
          const formatted = formatError(graphqlError.toJSON(), graphqlError, log, exposeErrors);
          return [new GraphQLError(formatted.message, { extensions: formatted.extensions })];
        };
        let document = documents.get(payload.query);
        if (!document) {
          try {
            document = parse(payload.query, parseOptions);
          } catch (error) {
            return fail(
              error instanceof GraphQLError ? new GraphQLError(error.message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } }) : error,
            );
          }
          // Counted before validation, whose cost grows with the square of repeated fields.
          const tooComplex = measureDocument(document);
          if (tooComplex) return fail(tooComplex);
          const errors = validate(schema, document, rules);
          if (errors.length > 0) {
            return errors.map(
              (e) => fail(e.extensions.code ? e : new GraphQLError(e.message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }))[0]!,
            );
          }
          documents.set(payload.query, document);
        }
        // As over HTTP, each operation reads the credential again (a revoked one closes the socket).
        const principal = await connection.refresh();
        try {
          if (!principal) throw unauthenticated();
          gate(document, principal);
          refuseUnfitText(document, payload.variables);
        } catch (error) {
          return fail(error);
        }
        const contextValue = auth.context(principal, ctx.extra.request);
        contextValue.reauthenticate = async () => (await connection.refresh()) ?? anonymous;
        bindSocketConnection(contextValue, connection);
        return {
          schema,
          document,
          operationName: payload.operationName ?? undefined,
          variableValues: payload.variables ?? undefined,
          contextValue,
        };
      },
      onNext: (_ctx, _id, _payload, _args, result) => {
        // Execution errors (resolvers, variable coercion) get the codes and the silence of HTTP's formatter.
        if (!result.errors) return undefined;
        return { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e, log, exposeErrors)) };
      },
      onError: (_ctx, _id, _payload, errors) => {
        // Errors from onSubscribe are already formatted (they carry their code); format the rest.
        return errors.map((e) => {
          if (typeof e.extensions.code === 'string' && !e.originalError) return e;
          const formatted = formatError(e.toJSON(), e, log, exposeErrors);
          return new GraphQLError(formatted.message, { extensions: formatted.extensions });
        });
      },
    },
    server,
  );
  return {
    server,
    dispose: async () => {
      for (const client of server.clients) client.terminate();
      await cleanup.dispose();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
