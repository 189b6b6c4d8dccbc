import { NetworkStatus } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { ScrollText, X } from 'lucide-react';
import { useCallback, useMemo, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { AuditLogDocument, type AuditAction, type AuditLogFilter } from '../../gql/graphql';
import { describeError } from '../../lib/errors/describe-error';
import { formatDateTime, formatRelative } from '../../lib/format';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { LoadingState } from '../../ui/LoadingState';
import { Notice } from '../../ui/Notice';
import { PageHeading } from '../../ui/PageHeading';
import { Badge } from '../../ui/Badge';
import { SelectField } from '../../ui/SelectField';
import { AdministratorsOnly } from '../organizations/AdministratorsOnly';
import { useMembership } from '../organizations/use-membership';
import { AuditExportLink } from './AuditExportLink';
import { AuditAnnouncer, AuditLiveMark, AuditNewEventsNotice } from './AuditLive';
import { auditActionGroups, auditActionLabels, describeAuditEntry } from './audit-labels';
import { useAuditLive } from './use-audit-live';
import './audit-log.css';

const pageSize = 50;

export function AuditLogPage() {
  return (
    <AdministratorsOnly title="Audit log">
      <AuditLogScreen />
    </AdministratorsOnly>
  );
}

/**
 * Who did what to whom, newest first; filtered by kind of event or by member (from their details).
 * Live: on the first page, new entries of the filter appear on top as they are committed; further
 * down the log they wait behind a notice that brings the reader back to the top.
 */
function AuditLogScreen() {
  const { organization } = useMembership();
  useDocumentTitle(`Audit log · ${organization.name}`);
  const [params, setParams] = useSearchParams();
  const group = params.get('events') ?? '';
  const member = params.get('member');
  const filter = useMemo<AuditLogFilter>(() => {
    const actions: AuditAction[] | undefined = auditActionGroups.find((g) => g.label === group)?.actions;
    return { ...(actions ? { actions } : {}), ...(member ? { targetUserId: member } : {}) };
  }, [group, member]);
  const { data, error, fetchMore, networkStatus, refetch } = useQuery(AuditLogDocument, {
    variables: { id: organization.id, first: pageSize, filter },
    notifyOnNetworkStatusChange: true,
  });
  const log = data?.organization.auditLog;
  const loaded = useMemo(() => log?.edges.map((edge) => edge.node), [log]);
  const firstPageAgain = useCallback(() => void refetch().catch(() => undefined), [refetch]);
  const live = useAuditLive({
    organizationId: organization.id,
    filter,
    loaded,
    laterPage: (loaded?.length ?? 0) > pageSize,
    capacity: pageSize,
    onReconnect: () => {
      if ((loaded?.length ?? 0) <= pageSize) firstPageAgain();
    },
  });
  const entries = live.entries ?? [];
  const list = useRef<HTMLOListElement>(null);
  const showNewEvents = (): void => {
    live.showWaiting();
    firstPageAgain();
    list.current?.focus({ preventScroll: true });
    list.current?.closest('section')?.scrollIntoView({ block: 'start' });
  };
  const memberName = member ? entries.find((entry) => entry.target?.userId === member)?.target?.name : undefined;

  const set = (key: string, value: string | null): void =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  return (
    <div className="page">
      <PageHeading description="Everything done in the organization: who did what to whom, and when. Newest first.">Audit log</PageHeading>
      <section className="card" aria-label="Audit events">
        <div className="toolbar audit-toolbar">
          <div className="toolbar__filters">
            <SelectField
              label="Events"
              hiddenLabel
              value={group}
              onChange={(event) => set('events', event.target.value || null)}
              options={[{ value: '', label: 'All events' }, ...auditActionGroups.map((g) => ({ value: g.label, label: g.label }))]}
            />
            {member && (
              <Button
                size="small"
                icon={<X size={16} aria-hidden="true" />}
                onClick={() => set('member', null)}
                aria-label={`Stop showing only events about ${memberName ?? 'one member'}`}
              >
                About {memberName ?? 'one member'}
              </Button>
            )}
          </div>
          <div className="audit-toolbar__end">
            <AuditLiveMark live={live.live} />
            <AuditExportLink organizationId={organization.id} filter={filter} empty={!!log && entries.length === 0} />
          </div>
        </div>
        <AuditAnnouncer announcement={live.announcement} />
        {!log && entries.length === 0 ? (
          error ? (
            <Notice tone="error" title="The audit log could not load">
              {describeError(error).message}{' '}
              <Button size="small" onClick={() => void refetch().catch(() => undefined)}>
                Try again
              </Button>
            </Notice>
          ) : (
            <LoadingState label="Loading the audit log…" />
          )
        ) : entries.length === 0 ? (
          <EmptyState icon={<ScrollText size={32} />} title="Nothing recorded here yet">
            {(group || member) && <p>Nothing matches this filter. Try all events.</p>}
          </EmptyState>
        ) : (
          <>
            <ol className="list audit-list" ref={list} tabIndex={-1}>
              {entries.map((entry) => (
                <li
                  key={entry.id}
                  data-entry-id={entry.id}
                  className={['list__item', 'audit-list__item', live.marked.has(entry.id) ? 'audit-list__item--new' : ''].join(' ')}
                >
                  <div className="list__main">
                    <span className="list__title audit-list__title">
                      {describeAuditEntry(entry)}
                      {live.marked.has(entry.id) && <Badge tone="info">New</Badge>}
                    </span>
                    <span className="muted small">
                      <time dateTime={entry.at} title={formatDateTime(entry.at)}>
                        {formatDateTime(entry.at)} ({formatRelative(entry.at)})
                      </time>{' '}
                      · {auditActionLabels[entry.action]}
                    </span>
                  </div>
                </li>
              ))}
            </ol>
            <AuditNewEventsNotice count={live.waiting} onShow={showNewEvents} />
            {log?.hasNextPage && (
              <div className="form-row form-row--end">
                <Button
                  busy={networkStatus === NetworkStatus.fetchMore}
                  onClick={() => void fetchMore({ variables: { after: log.endCursor } }).catch(() => undefined)}
                >
                  Show older events
                </Button>
              </div>
            )}
          </>
        )}
      </section>
    </div>
  );
}
