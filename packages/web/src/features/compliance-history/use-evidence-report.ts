import { useApolloClient } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import {
  EvidenceExemptionsPageDocument,
  EvidencePolicyChangesPageDocument,
  EvidenceReportDocument,
  EvidenceResetsPageDocument,
  EvidenceWithoutTwoFactorPageDocument,
  type AuditEntryFragment,
  type EvidenceMembersFragment,
  type EvidenceReportQuery,
  type EvidencePolicyChangesPageQueryVariables,
} from '../../gql/graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

/** What every page query of the report's lists takes (the same for the four). */
type PageVariables = EvidencePolicyChangesPageQueryVariables;

/** The API's largest page. */
const PAGE = 100;

type Report = EvidenceReportQuery['organization']['evidenceReport'];
export type EvidenceMember = EvidenceMembersFragment['edges'][number]['node'];

/** The report with every page of its lists loaded. */
export interface FullEvidenceReport {
  organizationName: string;
  report: Report;
  policyChanges: AuditEntryFragment[];
  resetsAndLockouts: AuditEntryFragment[];
  exemptions: EvidenceMember[];
  membersWithoutTwoFactor: EvidenceMember[];
}

interface Page<T> {
  items: T[];
  next: string | null;
}

const entriesPage = (connection: {
  edges: { node: AuditEntryFragment }[];
  hasNextPage: boolean;
  endCursor: string | null;
}): Page<AuditEntryFragment> => ({
  items: connection.edges.map((edge) => edge.node),
  next: connection.hasNextPage ? connection.endCursor : null,
});
const membersPage = (connection: EvidenceMembersFragment): Page<EvidenceMember> => ({
  items: connection.edges.map((edge) => edge.node),
  next: connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null,
});

/**
 * The evidence report for [from, to), whole: a printed report must not stop at a page, so every
 * list is followed to its last page (100 at a time) before the report is shown. Not cached: each
 * opening is a new report, generated now.
 */
export function useEvidenceReport(organizationId: string, from: string, to: string): { full?: FullEvidenceReport; error?: unknown } {
  const client = useApolloClient();
  const [state, setState] = useState<{ key: string; full?: FullEvidenceReport; error?: unknown }>();
  const key = `${organizationId}|${from}|${to}`;

  useEffect(() => {
    if (!from || !to) return;
    let cancelled = false;
    const range = { id: organizationId, from, to, first: PAGE };
    /** Every item of one list, page after page (`query` asks for the one after a cursor, or the first) until the last. */
    async function follow<D, T>(query: TypedDocumentNode<D, PageVariables>, pageOf: (data: D) => Page<T>): Promise<T[]> {
      const items: T[] = [];
      let after: string | null = null;
      do {
        const { data } = await client.query({ query, variables: { ...range, after }, fetchPolicy: 'no-cache' });
        if (!data) throw new Error('A page of the evidence report did not load.');
        const page = pageOf(data);
        items.push(...page.items);
        after = page.next;
      } while (after && !cancelled);
      return items;
    }
    async function load(): Promise<FullEvidenceReport> {
      const { data } = await client.query({
        query: EvidenceReportDocument,
        variables: { id: organizationId, from, to },
        fetchPolicy: 'no-cache',
      });
      if (!data) throw new Error('The evidence report did not load.');
      const [policyChanges, resetsAndLockouts, exemptions, membersWithoutTwoFactor] = await Promise.all([
        follow(EvidencePolicyChangesPageDocument, (d) => entriesPage(d.organization.evidenceReport.policyChanges)),
        follow(EvidenceResetsPageDocument, (d) => entriesPage(d.organization.evidenceReport.resetsAndLockouts)),
        follow(EvidenceExemptionsPageDocument, (d) => membersPage(d.organization.evidenceReport.exemptions)),
        follow(EvidenceWithoutTwoFactorPageDocument, (d) => membersPage(d.organization.evidenceReport.membersWithoutTwoFactor)),
      ]);
      const report = data.organization.evidenceReport;
      return { organizationName: data.organization.name, report, policyChanges, resetsAndLockouts, exemptions, membersWithoutTwoFactor };
    }
    load().then(
      (full) => !cancelled && setState({ key, full }),
      (error: unknown) => !cancelled && setState({ key, error }),
    );
    return () => {
      cancelled = true;
    };
  }, [client, organizationId, from, to, key]);

  return state?.key === key ? { full: state.full, error: state.error } : {};
}
