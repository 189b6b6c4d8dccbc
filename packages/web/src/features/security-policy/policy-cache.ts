import type { ApolloCache } from '@apollo/client';
import { OrganizationPolicyFragmentDoc, PolicyHistoryDocument, ShellViewerDocument, type PolicyFieldsFragment } from '../../gql/graphql';

/** A policy as a mutation answered it, written over the organization's cached one (every open screen follows). */
export function writePolicy(cache: ApolloCache, organizationId: string, policy: PolicyFieldsFragment | undefined): void {
  if (!policy) return;
  cache.writeFragment({
    fragment: OrganizationPolicyFragmentDoc,
    fragmentName: 'OrganizationPolicy',
    data: { __typename: 'Organization', id: organizationId, securityPolicy: policy },
  });
}

/** Asked again after a change of the policy: its history, and the shell's copy (switcher, home, banner). */
export const policyRefetches = [PolicyHistoryDocument, ShellViewerDocument];
