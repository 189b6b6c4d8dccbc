import type { ApolloCache } from '@apollo/client';
import { useApolloClient, useSubscription } from '@apollo/client/react';
import {
  MemberDetailsFragmentDoc,
  MemberSecurityChangedDocument,
  OrganizationCountsFragmentDoc,
  OrganizationMembersDocument,
  OrganizationPolicyChangedDocument,
  OrganizationPolicySwitchFragmentDoc,
  PolicyHistoryDocument,
  SecurityPolicyDocument,
  SecuritySummaryChangedDocument,
  type MemberSecurityChangedSubscription,
} from '../../gql/graphql';

type MemberEvent = MemberSecurityChangedSubscription['memberSecurityChanged'];

interface StoredConnection {
  totalCount: number;
  edges: { node: { __ref: string } }[];
}

/** Takes a member who left or was removed out of every loaded page of the organization's list. */
function dropMember(cache: ApolloCache, organizationId: string, userId: string): void {
  const ref = cache.identify({ __typename: 'Member', id: userId });
  cache.modify<{ members: StoredConnection }>({
    id: cache.identify({ __typename: 'Organization', id: organizationId }),
    fields: {
      // Called once per loaded filter, sort and page.
      members: (value, { isReference }) => {
        if (isReference(value)) return value;
        const edges = value.edges.filter((edge) => edge.node.__ref !== ref);
        if (edges.length === value.edges.length) return value;
        return { ...value, edges, totalCount: value.totalCount - 1 };
      },
    },
  });
}

/**
 * The organization's live events, for the people who may watch them (administrators and legal
 * representatives). Each event carries the current state, which is written straight into the
 * cache: rows turn green, counts move and the policy flips on every open screen, with no request.
 * Only a new member (whose place in a sorted, filtered page is unknown) makes the list ask again.
 */
export function useOrganizationLive(organizationId: string, enabled: boolean): void {
  const client = useApolloClient();
  const skip = !enabled;
  const variables = { organizationId };

  useSubscription(MemberSecurityChangedDocument, {
    variables,
    skip,
    onData: ({ data }) => {
      const event: MemberEvent | undefined = data.data?.memberSecurityChanged;
      if (!event) return;
      if (event.member) {
        client.cache.writeFragment({
          id: client.cache.identify(event.member),
          fragment: MemberDetailsFragmentDoc,
          fragmentName: 'MemberDetails',
          data: event.member,
        });
      }
      if (event.change === 'LEFT' || event.change === 'REMOVED') dropMember(client.cache, organizationId, event.userId);
      if (event.change === 'JOINED') void client.refetchQueries({ include: [OrganizationMembersDocument] }).catch(() => undefined);
    },
  });

  useSubscription(OrganizationPolicyChangedDocument, {
    variables,
    skip,
    onData: ({ data }) => {
      const event = data.data?.organizationPolicyChanged;
      if (!event) return;
      // What the event says of the policy flips at once; who and when (which a change of the plan
      // or of the window does not carry) comes with the policy asked again.
      client.cache.writeFragment({
        fragment: OrganizationPolicySwitchFragmentDoc,
        fragmentName: 'OrganizationPolicySwitch',
        data: {
          __typename: 'Organization',
          id: organizationId,
          securityPolicy: { __typename: 'SecurityPolicy', twoFactorRequired: event.twoFactorRequired, requiredFrom: event.requiredFrom },
        },
      });
      // The shell's own copy (the switcher, the home page, the block screen) follows too.
      client.cache.modify<{ twoFactorRequired: boolean; twoFactorRequiredSince: string | null; requiredFrom: string | null }>({
        id: client.cache.identify({ __typename: 'OrganizationSummary', id: organizationId }),
        fields: {
          twoFactorRequired: () => event.twoFactorRequired,
          twoFactorRequiredSince: (since) => (event.twoFactorRequired ? (since ?? event.changedAt) : null),
          requiredFrom: () => event.requiredFrom,
        },
      });
      void client.refetchQueries({ include: [SecurityPolicyDocument, PolicyHistoryDocument] }).catch(() => undefined);
    },
  });

  useSubscription(SecuritySummaryChangedDocument, {
    variables,
    skip,
    onData: ({ data }) => {
      const event = data.data?.securitySummaryChanged;
      if (!event) return;
      client.cache.writeFragment({
        fragment: OrganizationCountsFragmentDoc,
        fragmentName: 'OrganizationCounts',
        data: { __typename: 'Organization', id: organizationId, securitySummary: event.summary },
      });
    },
  });
}
