import { useQuery } from '@apollo/client/react';
import { BellRing, CalendarClock, CalendarX, Globe, KeyRound, ShieldCheck, ShieldOff, UserPlus } from 'lucide-react';
import type { ReactNode } from 'react';
import { PolicyHistoryDocument, type AuditEntryFragment } from '../../gql/graphql';
import { describeError } from '../../lib/errors/describe-error';
import { formatDateTime } from '../../lib/format';
import { LoadingState } from '../../ui/LoadingState';
import { Notice } from '../../ui/Notice';
import { Section } from '../../ui/Section';

const dateIn = (data: Record<string, unknown>, key: string): string | undefined => {
  const value = data[key];
  return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? formatDateTime(value) : undefined;
};

/** An entry's icon and title ("Required, as scheduled", "Moved to 18 Dec 2026, 09:00"). */
function describe(entry: AuditEntryFragment): { icon: ReactNode; title: string } {
  const icon = (Icon: typeof ShieldCheck, good = false) => (
    <Icon className={good ? 'list__icon is-good' : 'list__icon'} size={20} aria-hidden="true" />
  );
  const date = dateIn(entry.data, 'requiredFrom');
  switch (entry.action) {
    case 'REQUIREMENT_ENABLED':
      return { icon: icon(ShieldCheck, true), title: entry.data.scheduled === true ? 'Required, as scheduled' : 'Required' };
    case 'REQUIREMENT_SCHEDULED':
      return {
        icon: icon(CalendarClock),
        title: entry.data.previous ? `Moved to ${date ?? 'a new date'}` : `Scheduled for ${date ?? 'a date'}`,
      };
    case 'REQUIREMENT_SCHEDULE_CANCELLED':
      return { icon: icon(CalendarX), title: `Schedule for ${date ?? 'a date'} cancelled` };
    case 'NEW_MEMBER_WINDOW_CHANGED':
      return { icon: icon(UserPlus), title: `New members’ window set to ${String(entry.data.days)} days` };
    case 'REMINDER_OFFSETS_CHANGED': {
      const offsets = Array.isArray(entry.data.offsets) ? entry.data.offsets.filter((n) => typeof n === 'number') : [];
      return {
        icon: icon(BellRing),
        title: offsets.length > 0 ? `Reminders set to ${offsets.join(', ')} days before the date` : 'Reminders only at the switch',
      };
    }
    case 'TIME_ZONE_CHANGED':
      return { icon: icon(Globe), title: `Time zone for e-mails set to ${String(entry.data.timeZone)}` };
    case 'METHOD_POLICY_CHANGED':
      return entry.data.allowedMethods === 'PHISHING_RESISTANT'
        ? { icon: icon(KeyRound, true), title: 'Only security keys and passkeys accepted' }
        : { icon: icon(KeyRound), title: 'Any method accepted again' };
    default:
      return { icon: icon(ShieldOff), title: 'No longer required' };
  }
}

/** Every change of the requirement and its plan, from the audit log (newest first). */
export function PolicyHistory({ organizationId }: { organizationId: string }) {
  const { data, error } = useQuery(PolicyHistoryDocument, { variables: { id: organizationId } });
  const entries = data?.organization.auditLog.edges.map((edge) => edge.node);
  return (
    <Section
      title="History of changes"
      description="Who changed the requirement, its plan, the accepted methods or the e-mails’ time zone, and when."
    >
      {!entries ? (
        error ? (
          <Notice tone="error">{describeError(error).message}</Notice>
        ) : (
          <LoadingState label="Loading the history…" />
        )
      ) : entries.length === 0 ? (
        <p className="muted">The requirement and its plan were never changed.</p>
      ) : (
        <ol className="list" aria-label="Changes of the requirement">
          {entries.map((entry) => {
            const { icon, title } = describe(entry);
            return (
              <li key={entry.id} className="list__item">
                {icon}
                <div className="list__main">
                  <span className="list__title">{title}</span>
                  <span className="muted small">
                    by {entry.actor?.name ?? 'the system'} · {formatDateTime(entry.at)}
                  </span>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </Section>
  );
}
