import { useQuery } from '@apollo/client/react';
import { UserSearch } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Outlet } from 'react-router';
import { OrganizationMembersDocument, SecurityPolicyDocument } from '../../gql/graphql';
import { describeError } from '../../lib/errors/describe-error';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { LoadingState } from '../../ui/LoadingState';
import { Notice } from '../../ui/Notice';
import { PageHeading } from '../../ui/PageHeading';
import { Pager } from '../../ui/Pager';
import { WarnAllButton } from '../alerts/WarnAllButton';
import { AdministratorsOnly } from '../organizations/AdministratorsOnly';
import { useMembership } from '../organizations/use-membership';
import { ColumnChooser, useMemberColumns } from './ColumnChooser';
import { MemberCounts } from './MemberCounts';
import { MemberFilters } from './MemberFilters';
import { MembersExportLink } from './MembersExportLink';
import { useMemberListParams } from './member-list-params';
import { MembersTable } from './MembersTable';
import { useSecuritySummary } from './use-security-summary';

const pageSize = 25;

export function MembersPage() {
  return (
    <AdministratorsOnly title="Members">
      <MembersScreen />
    </AdministratorsOnly>
  );
}

/**
 * The member list with its Security column: find who lacks 2FA, open them, warn them. Filters and
 * sort live in the address; pages follow the server's cursors (a stack of them, for "Previous").
 */
function MembersScreen() {
  const { organization } = useMembership();
  useDocumentTitle(`Members · ${organization.name}`);
  const { params, filter, orderBy, update, key } = useMemberListParams();
  const columns = useMemberColumns(organization.id);
  const { summary } = useSecuritySummary(organization.id);
  // Where only keys count, an authenticator app alone is no 2FA there: the counts and notes say so.
  const keysOnly =
    useQuery(SecurityPolicyDocument, { variables: { id: organization.id } }).data?.organization.securityPolicy.allowedMethods ===
    'PHISHING_RESISTANT';
  const [pages, setPages] = useState<{ key: string; cursors: (string | null)[] }>({ key, cursors: [null] });
  const cursors = pages.key === key ? pages.cursors : [null];
  useEffect(() => setPages((current) => (current.key === key ? current : { key, cursors: [null] })), [key]);
  const after = cursors[cursors.length - 1] ?? null;

  const { data, previousData, error, loading, refetch } = useQuery(OrganizationMembersDocument, {
    variables: { id: organization.id, first: pageSize, after, filter, orderBy },
  });
  const connection = (data ?? previousData)?.organization.members;
  const filtered = Object.keys(filter).length > 0;
  const first = (cursors.length - 1) * pageSize + 1;

  return (
    <div className="page">
      <PageHeading
        description="Everyone in the organization and whether they protect their account with two-step verification."
        actions={<WarnAllButton organizationId={organization.id} withoutTwoFactor={summary?.withoutTwoFactor} />}
      >
        Members
      </PageHeading>
      <section className="card" aria-label="Member list">
        <MemberCounts summary={summary} update={update} keysOnly={keysOnly} />
        <div className="toolbar">
          <MemberFilters params={params} update={update} />
          <div className="button-row">
            <ColumnChooser organizationId={organization.id} columns={columns} />
            <MembersExportLink organizationId={organization.id} filter={filter} matching={data?.organization.members.totalCount} />
          </div>
        </div>
        {error && !connection ? (
          <Notice tone="error" title="The members could not load">
            {describeError(error).message}{' '}
            <Button size="small" onClick={() => void refetch().catch(() => undefined)}>
              Try again
            </Button>
          </Notice>
        ) : !connection ? (
          <LoadingState label="Loading the members…" />
        ) : connection.edges.length === 0 ? (
          <EmptyState icon={<UserSearch size={32} />} title={filtered ? 'No member matches' : 'No members yet'}>
            {filtered ? (
              <Button onClick={() => update({ search: '', twoFactor: '', role: '', kind: '', compliance: '' })}>
                Clear the search and filters
              </Button>
            ) : (
              <p>Invite people from the Invitations page.</p>
            )}
          </EmptyState>
        ) : (
          <>
            <MembersTable
              organizationName={organization.name}
              members={connection.edges.map((edge) => edge.node)}
              columns={columns}
              keysOnly={keysOnly}
              sort={params.sort}
              direction={params.direction}
              onSort={(sort, direction) => update({ sort, direction })}
              busy={loading}
            />
            <Pager
              label="Pages of members"
              status={`${first}–${first + connection.edges.length - 1} of ${connection.totalCount}${filtered ? ' matching' : ''}`}
              loading={loading}
              hasPrevious={cursors.length > 1}
              hasNext={connection.pageInfo.hasNextPage}
              onPrevious={() => setPages({ key, cursors: cursors.slice(0, -1) })}
              onNext={() => setPages({ key, cursors: [...cursors, connection.pageInfo.endCursor] })}
            />
          </>
        )}
      </section>
      <Outlet />
    </div>
  );
}
