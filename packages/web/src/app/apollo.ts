import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { ErrorLink } from '@apollo/client/link/error';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { Kind, OperationTypeNode } from 'graphql';
import { ErrorCode } from '@twostep/shared';
import { sessionSignals, type OrganizationRef } from './session-signals';
import type { Realtime } from './realtime';

interface AuditPage {
  edges: unknown[];
}

const isOrganizationRef = (item: unknown): item is OrganizationRef =>
  !!item && typeof item === 'object' && 'id' in item && typeof item.id === 'string' && 'name' in item && typeof item.name === 'string';

/** The `organizations` of a TWO_FACTOR_REQUIRED error: `[{ id, name }]`. */
const organizationsOf = (value: unknown): OrganizationRef[] => (Array.isArray(value) ? value.filter(isOrganizationRef) : []);

/**
 * Watches every answer, over HTTP and WebSocket alike, for the two codes that concern the whole
 * session rather than one screen: the block and the end of the session.
 */
const sessionLink = new ErrorLink(({ error }) => {
  if (!CombinedGraphQLErrors.is(error)) return;
  for (const graphQLError of error.errors) {
    const code = graphQLError.extensions?.code;
    if (code === ErrorCode.TWO_FACTOR_REQUIRED) {
      sessionSignals.blocked(organizationsOf(graphQLError.extensions?.organizations));
    } else if (code === ErrorCode.UNAUTHENTICATED) {
      sessionSignals.ended();
    }
  }
});

export function createApolloClient(realtime: Realtime): ApolloClient {
  // POST only: the server's CSRF protection refuses GET queries without a preflight header.
  const http = new HttpLink({ uri: '/graphql', credentials: 'same-origin' });
  const ws = new GraphQLWsLink(realtime.client);
  const transport = ApolloLink.split(
    ({ query }) => {
      const definition = getMainDefinition(query);
      return definition.kind === Kind.OPERATION_DEFINITION && definition.operation === OperationTypeNode.SUBSCRIPTION;
    },
    ws,
    http,
  );
  return new ApolloClient({
    link: ApolloLink.from([sessionLink, transport]),
    cache: new InMemoryCache({
      typePolicies: {
        // Members are kept by user id. A user can be a member of two organizations with different
        // roles; `OrganizationLayout` forgets the rows of the previous organization on a switch.
        Member: { fields: { alerts: { merge: false } } },
        Organization: {
          fields: {
            // Each filter, sort and page is its own entry, replaced whole by a newer answer.
            members: { merge: false },
            securityPolicy: { merge: true },
            securitySummary: { merge: false },
            // Each moment, search and page is its own entry, replaced whole by a newer answer.
            lockoutPreview: { merge: false },
            // "Show older" appends a page; a first page (no `after`) starts the list again.
            auditLog: {
              keyArgs: ['filter'],
              merge: (existing: AuditPage | undefined, incoming: AuditPage, { args }) =>
                existing && args?.after ? { ...incoming, edges: [...existing.edges, ...incoming.edges] } : incoming,
            },
          },
        },
        Query: {
          fields: {
            memberListColumns: { merge: false },
            invitations: { merge: false },
            integrationTokens: { merge: false },
          },
        },
        // Lists without ids are replaced whole; the server always sends them complete.
        Viewer: {
          fields: {
            access: { merge: true },
            memberships: { merge: false },
            twoFactorMethods: { merge: false },
            sessions: { merge: false },
          },
        },
      },
    }),
    defaultOptions: {
      watchQuery: { fetchPolicy: 'cache-and-network' },
    },
  });
}
