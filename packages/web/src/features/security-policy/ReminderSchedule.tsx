import { useApolloClient, useQuery } from '@apollo/client/react';
import { BellRing, Mail, MailCheck, MailMinus } from 'lucide-react';
import { useEffect } from 'react';
import { AlertCampaignDocument, SecurityPolicyDocument, type PolicyFieldsFragment } from '../../gql/graphql';
import { formatCountdown } from '../../lib/format';
import { Badge } from '../../ui/Badge';
import { OrganizationTime } from './OrganizationTime';
import { offsetLabel } from './reminder-offsets';

type Reminder = PolicyFieldsFragment['reminders'][number];

/** A `setTimeout` longer than this fires at once; a page is not left open that long. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A sent reminder's campaign: how many were e-mailed and skipped (asked again while it runs). */
function ReminderCounts({ organizationId, campaignId }: { organizationId: string; campaignId: string }) {
  const { data, startPolling, stopPolling } = useQuery(AlertCampaignDocument, { variables: { id: organizationId, campaignId } });
  const campaign = data?.organization.alertCampaign;
  const running = campaign?.state === 'RUNNING';
  useEffect(() => {
    if (!running) return;
    startPolling(2000);
    return () => stopPolling();
  }, [running, startPolling, stopPolling]);
  if (!campaign) return null;
  return (
    <span className="small muted" data-testid="reminder-counts" title="Skipped: exempt, or alerted by hand in the last 24 hours">
      {running ? 'sending… ' : ''}
      {campaign.queued} e-mailed, {campaign.skipped} skipped
    </span>
  );
}

interface ReminderStatusProps {
  reminder: Reminder;
  next: boolean;
  organizationId: string;
  showCounts: boolean;
  now: number;
}

/** Sent (with its counts), skipped, next (with a countdown), or planned. */
function ReminderStatus({ reminder, next, organizationId, showCounts, now }: ReminderStatusProps) {
  switch (reminder.state) {
    case 'SENT':
      return (
        <>
          <Badge tone="success">Sent</Badge>
          {showCounts && reminder.campaignId && <ReminderCounts organizationId={organizationId} campaignId={reminder.campaignId} />}
        </>
      );
    case 'SKIPPED':
      return (
        <>
          <Badge>Skipped</Badge>
          <span className="small muted">already past when the date was set</span>
        </>
      );
    default:
      return next ? (
        <>
          <Badge tone="info">Next</Badge>
          <span className="small">{formatCountdown(reminder.dueAt, now)}</span>
        </>
      ) : (
        <Badge>Planned</Badge>
      );
  }
}

const icons = { SENT: MailCheck, SKIPPED: MailMinus, PENDING: Mail } as const;

/**
 * The plan's reminders, soonest first: each offset ("14 days before", "At the switch"), when it is
 * due, and its state: sent (with its campaign's counts), skipped, or ahead; the next one stands out.
 * When the next falls due, the policy is asked again to show it sent.
 */
export function ReminderSchedule({
  organizationId,
  reminders,
  timeZone,
  showCounts,
  now,
}: {
  organizationId: string;
  reminders: Reminder[];
  timeZone: string;
  showCounts: boolean;
  now: number;
}) {
  const client = useApolloClient();
  const next = reminders.find((reminder) => reminder.state === 'PENDING');
  const nextDue = next?.dueAt;
  useEffect(() => {
    if (!nextDue) return;
    // A few seconds after it falls due, the sweeper has sent it.
    const wait = Math.max(Date.parse(nextDue) - Date.now(), 0) + 5000;
    if (wait > MAX_TIMER_MS) return;
    const timer = window.setTimeout(() => void client.refetchQueries({ include: [SecurityPolicyDocument] }).catch(() => undefined), wait);
    return () => window.clearTimeout(timer);
  }, [nextDue, client]);

  return (
    <ol className="list reminders" aria-label="Reminders">
      {reminders.map((reminder) => {
        const isNext = reminder === next;
        const Icon = isNext ? BellRing : icons[reminder.state];
        return (
          <li
            key={reminder.offsetDays}
            className={isNext ? 'list__item reminder reminder--next' : 'list__item reminder'}
            data-state={reminder.state}
            aria-current={isNext ? 'step' : undefined}
          >
            <Icon className={isNext ? 'list__icon is-info' : 'list__icon'} size={20} aria-hidden="true" />
            <div className="list__main">
              <span className="list__title">
                {offsetLabel(reminder.offsetDays)}
                {isNext && <span className="visually-hidden"> (the next reminder)</span>}
              </span>
              <span className="muted small">
                <OrganizationTime iso={reminder.dueAt} timeZone={timeZone} />
              </span>
            </div>
            <div className="reminder__state">
              <ReminderStatus reminder={reminder} next={isNext} organizationId={organizationId} showCounts={showCounts} now={now} />
            </div>
          </li>
        );
      })}
    </ol>
  );
}
