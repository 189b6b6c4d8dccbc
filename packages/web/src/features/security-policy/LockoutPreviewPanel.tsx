import { NetworkStatus } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { UserCheck } from 'lucide-react';
import { useEffect, useState, type ReactNode } from 'react';
import { LockoutPreviewDocument, type AllowedMethods, type LockoutPreviewQueryVariables } from '../../gql/graphql';
import { describeError } from '../../lib/errors/describe-error';
import { formatDateTime } from '../../lib/format';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { LoadingState } from '../../ui/LoadingState';
import { Notice } from '../../ui/Notice';
import { Pager } from '../../ui/Pager';
import { SearchField } from '../../ui/SearchField';
import { countsText } from './lockout-labels';
import { LockoutCandidates } from './LockoutCandidates';

/**
 * The preview's variables without a search or a page: the totals. Screens that need the count
 * (to hold a confirmation until it is known) ask with the same ones and share the answer. With
 * `allowedMethods`, the question is a change of the accepted methods instead.
 */
export const lockoutVariables = (
  organizationId: string,
  at: string | undefined,
  first: number,
  allowedMethods?: AllowedMethods,
): LockoutPreviewQueryVariables => ({
  id: organizationId,
  first,
  ...(at ? { at } : {}),
  ...(allowedMethods ? { allowedMethods } : {}),
});

export interface LockoutPreviewPanelProps {
  organizationId: string;
  /** The moment judged; without it, the scheduled date, else now. */
  at?: string;
  /** The moment is now (the headline says so, rather than a date). */
  now?: boolean;
  pageSize?: number;
  /** Names open the member's details. */
  linkNames?: boolean;
  /** Beside the totals: what to do about them. */
  actions?: ReactNode;
  /** Preview a change of the accepted methods: who it would newly block (members it would no longer count as protected). */
  allowedMethods?: AllowedMethods;
  /** Words for the moment instead of "now" or the date ("once two-step verification is required"). */
  when?: string;
}

/**
 * "Who would be blocked": how many members the requirement would stop at a moment, by role and
 * kind, and who, by name, searchable and in pages (the server's cursors, kept as a stack). For a
 * change of the accepted methods, who it would newly block.
 */
export function LockoutPreviewPanel({
  organizationId,
  at,
  now = false,
  pageSize = 10,
  linkNames = false,
  actions,
  allowedMethods,
  when: whenText,
}: LockoutPreviewPanelProps) {
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const [pages, setPages] = useState<{ key: string; cursors: (string | null)[] }>({ key: '', cursors: [null] });
  useEffect(() => {
    if (typed === search) return;
    const timer = window.setTimeout(() => setSearch(typed), 300);
    return () => window.clearTimeout(timer);
  }, [typed, search]);
  const key = `${at ?? ''}|${allowedMethods ?? ''}|${search.trim()}`;
  const cursors = pages.key === key ? pages.cursors : [null];
  const after = cursors[cursors.length - 1] ?? null;

  const totalsVariables = lockoutVariables(organizationId, at, pageSize, allowedMethods);
  const totals = useQuery(LockoutPreviewDocument, { variables: totalsVariables, fetchPolicy: 'cache-and-network' });
  const searching = search.trim() !== '';
  const listVariables =
    searching || after
      ? { ...totalsVariables, ...(searching ? { search: search.trim() } : {}), ...(after ? { after } : {}) }
      : totalsVariables;
  // Faded only while the person's own change (a search, a page) loads: a refetch after a live
  // event keeps the list as it is until the new one arrives.
  const list = useQuery(LockoutPreviewDocument, {
    variables: listVariables,
    fetchPolicy: 'cache-and-network',
    notifyOnNetworkStatusChange: true,
  });

  const overall = totals.data?.organization.lockoutPreview;
  const page = (list.data ?? list.previousData)?.organization.lockoutPreview;
  const error = totals.error ?? list.error;
  if (!overall) {
    return error ? (
      <Notice tone="error" title="The preview could not load">
        {describeError(error).message}
      </Notice>
    ) : (
      <LoadingState label="Finding who would be blocked…" />
    );
  }

  const when = whenText ?? (now ? 'now' : `on ${formatDateTime(overall.at)}`);
  const blocked = allowedMethods ? 'would be newly blocked' : 'would be blocked';
  const members = totals.data?.organization.securitySummary.members ?? overall.totalCount;
  const first = (cursors.length - 1) * pageSize + 1;
  return (
    <div className="lockout stack" data-testid="lockout-preview">
      <div className="lockout__summary">
        <div className="stack-sm">
          <p className="lockout__headline" data-testid="lockout-total">
            {overall.totalCount === 0 ? (
              <>
                Nobody {blocked} {when}.
              </>
            ) : (
              <>
                <strong>
                  {overall.totalCount} of {members} {members === 1 ? 'member' : 'members'}
                </strong>{' '}
                {blocked} {when}.
              </>
            )}
          </p>
          {overall.totalCount > 0 && (
            <dl className="lockout__counts" data-testid="lockout-counts">
              <div>
                <dt>By role</dt>
                <dd>{countsText(overall.byRole)}</dd>
              </div>
              <div>
                <dt>By kind</dt>
                <dd>{countsText(overall.byKind)}</dd>
              </div>
            </dl>
          )}
        </div>
        {actions && overall.totalCount > 0 && <div className="lockout__actions">{actions}</div>}
      </div>
      {overall.totalCount === 0 ? (
        <p className="muted small">
          {allowedMethods
            ? 'Every member who counts as protected today has a method that would still count, an exemption that runs beyond then, or time left in their window.'
            : 'Every member has two-step verification, an exemption that runs beyond then, or time left in their window.'}
        </p>
      ) : (
        <>
          {/* A page or less needs no search (unless one is typed already). */}
          {(overall.totalCount > pageSize || typed !== '') && (
            <SearchField
              className="lockout__search"
              landmark="Find who would be blocked"
              value={typed}
              onChange={setTyped}
              // In a confirmation window, Enter searches rather than confirming.
              onEnter={() => setSearch(typed)}
            />
          )}
          {!page ? (
            <LoadingState label="Loading the names…" />
          ) : page.candidates.length === 0 ? (
            <EmptyState icon={<UserCheck size={28} />} title="Nobody matches">
              <Button
                size="small"
                onClick={() => {
                  setTyped('');
                  setSearch('');
                }}
              >
                Clear the search
              </Button>
            </EmptyState>
          ) : (
            <>
              <LockoutCandidates
                organizationId={organizationId}
                candidates={page.candidates}
                linkNames={linkNames}
                busy={list.networkStatus === NetworkStatus.setVariables}
              />
              <Pager
                label="Pages of who would be blocked"
                status={`${first}–${first + page.candidates.length - 1} of ${page.totalCount}${searching ? ' matching' : ''}`}
                loading={list.loading}
                hasPrevious={cursors.length > 1}
                hasNext={page.pageInfo.hasNextPage}
                onPrevious={() => setPages({ key, cursors: cursors.slice(0, -1) })}
                onNext={() => setPages({ key, cursors: [...cursors, page.pageInfo.endCursor] })}
                onlyWhenPaged
              />
            </>
          )}
        </>
      )}
    </div>
  );
}
