import { useQuery } from '@apollo/client/react';
import { SecuritySummaryDocument, type SummaryCountsFragment } from '../../gql/graphql';

/** The organization's compliance counts; the live summary event keeps them current. */
export function useSecuritySummary(organizationId: string): { summary: SummaryCountsFragment | undefined; error: unknown } {
  const { data, error } = useQuery(SecuritySummaryDocument, { variables: { id: organizationId } });
  return { summary: data?.organization.securitySummary, error };
}
