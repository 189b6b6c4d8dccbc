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
} from '../../gql/graphql';

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
    /** Every item of one list: its pages (`page` asks for the one after a cursor, or the first) until the last. */
    async function follow<T>(page: (after: string | null) => Promise<Page<T> | undefined>): Promise<T[]> {
      const items: T[] = [];
      let after: string | null = null;
      do {
        const got = await page(after);
        if (!got) throw new Error('A page of the evidence report did not load.');
        items.push(...got.items);
        after = got.next;
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
      const report = data.organization.evidenceReport;
      const [policyChanges, resetsAndLockouts, exemptions, membersWithoutTwoFactor] = await Promise.all([
        follow(async (after) => {
          const { data: more } = await client.query({
            query: EvidencePolicyChangesPageDocument,
            variables: { ...range, after },
            fetchPolicy: 'no-cache',
          });
          return more && entriesPage(more.organization.evidenceReport.policyChanges);
        }),
        follow(async (after) => {
          const { data: more } = await client.query({
            query: EvidenceResetsPageDocument,
            variables: { ...range, after },
            fetchPolicy: 'no-cache',
          });
          return more && entriesPage(more.organization.evidenceReport.resetsAndLockouts);
        }),
        follow(async (after) => {
          const { data: more } = await client.query({
            query: EvidenceExemptionsPageDocument,
            variables: { ...range, after },
            fetchPolicy: 'no-cache',
          });
          return more && membersPage(more.organization.evidenceReport.exemptions);
        }),
        follow(async (after) => {
          const { data: more } = await client.query({
            query: EvidenceWithoutTwoFactorPageDocument,
            variables: { ...range, after },
            fetchPolicy: 'no-cache',
          });
          return more && membersPage(more.organization.evidenceReport.membersWithoutTwoFactor);
        }),
      ]);
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
