import { CalendarClock, UserX } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { PolicyFieldsFragment } from '../../gql/graphql';
import { formatCountdown, formatDateTime } from '../../lib/format';
import { viewerTimeZone } from '../../lib/local-time';
import { useNow } from '../../lib/use-now';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Section } from '../../ui/Section';
import { CancelScheduleButton } from './CancelScheduleButton';
import { OrganizationTime } from './OrganizationTime';
import { RemindersPart } from './RemindersPart';
import { ScheduleForm } from './ScheduleForm';

export interface RolloutPlanSectionProps {
  organization: { id: string; name: string };
  policy: PolicyFieldsFragment;
  /** Why the viewer may not change the plan; they see it without controls. */
  refused: boolean;
  /** Legal representatives and administrators read the members: the lockout preview is theirs. */
  administrator: boolean;
}

/**
 * The rollout plan while the requirement is not in force: the date from which it turns on by
 * itself, who set it, a countdown, and "Move" and "Cancel schedule"; or the picker to set one.
 * Then who would be blocked, and the reminders before the date.
 */
export function RolloutPlanSection({ organization, policy, refused, administrator }: RolloutPlanSectionProps) {
  const [moving, setMoving] = useState(false);
  const now = useNow(30_000, !!policy.requiredFrom);
  if (policy.twoFactorRequired) return null;
  const requiredFrom = policy.requiredFrom;
  return (
    <Section
      title="Rollout plan"
      description="Require two-step verification from a date, so members have time to set it up. Until then, those without it see the date on every page."
    >
      {requiredFrom ? (
        <div className="stack">
          <div className="status-line" data-testid="schedule-status">
            <CalendarClock className="status-line__icon is-warning" size={28} aria-hidden="true" />
            <div>
              <p className="status-line__title">
                Required from <OrganizationTime iso={requiredFrom} timeZone={policy.timeZone} />{' '}
                <Badge tone="warning">{formatCountdown(requiredFrom, now)}</Badge>
              </p>
              <p className="muted small">
                Scheduled by {policy.scheduledBy?.name ?? 'a removed account'}
                {policy.scheduledAt ? ` on ${formatDateTime(policy.scheduledAt)}` : ''}. Times are in your time zone ({viewerTimeZone()});
                e-mails write them in {policy.timeZone} time. At that moment the requirement turns on by itself.
              </p>
            </div>
          </div>
          {!refused &&
            (moving ? (
              <ScheduleForm
                key={requiredFrom}
                organization={organization}
                current={requiredFrom}
                newMemberWindowDays={policy.newMemberWindowDays}
                reminderOffsets={policy.reminderOffsets}
                onDone={() => setMoving(false)}
                onCancel={() => setMoving(false)}
              />
            ) : (
              <div className="button-row">
                <Button onClick={() => setMoving(true)}>Move</Button>
                <CancelScheduleButton organization={organization} requiredFrom={requiredFrom} />
              </div>
            ))}
        </div>
      ) : refused ? (
        <p className="muted">No date is scheduled.</p>
      ) : (
        <ScheduleForm
          organization={organization}
          newMemberWindowDays={policy.newMemberWindowDays}
          reminderOffsets={policy.reminderOffsets}
          onDone={() => undefined}
        />
      )}
      {administrator && (
        <p className="small">
          <Link to={`/orgs/${organization.id}/security/lockout-preview`} className="text-link inline-icon">
            <UserX size={16} aria-hidden="true" />
            {requiredFrom ? 'See who would be blocked at the date' : 'See who would be blocked now'}
          </Link>
        </p>
      )}
      <RemindersPart organizationId={organization.id} policy={policy} refused={refused} administrator={administrator} now={now} />
    </Section>
  );
}
