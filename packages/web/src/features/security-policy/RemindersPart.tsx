import { useId } from 'react';
import type { PolicyFieldsFragment } from '../../gql/graphql';
import { ReminderOffsetsForm } from './ReminderOffsetsForm';
import { describeOffsets } from './reminder-offsets';
import { ReminderSchedule } from './ReminderSchedule';

export interface RemindersPartProps {
  organizationId: string;
  policy: PolicyFieldsFragment;
  /** The viewer may not change the plan: the days are said, not offered. */
  refused: boolean;
  /** The viewer may read alert campaigns (administrators): sent reminders show their counts. */
  administrator: boolean;
  now: number;
}

/**
 * The rollout plan's reminders: the days before the date when members without 2FA are e-mailed
 * (and the switch itself), then, while a date is set, each reminder with its time and state.
 */
export function RemindersPart({ organizationId, policy, refused, administrator, now }: RemindersPartProps) {
  const titleId = useId();
  return (
    <section className="subsection" aria-labelledby={titleId}>
      <h3 className="subsection__title" id={titleId}>
        Reminders
      </h3>
      <p className="muted small">
        Members without two-step verification who are not exempt get an e-mail naming the date, before it and at the switch. Members alerted
        by hand in the last 24 hours are skipped.
      </p>
      {refused ? (
        <p data-testid="reminder-offsets">Reminders go {describeOffsets(policy.reminderOffsets)}.</p>
      ) : (
        <ReminderOffsetsForm organizationId={organizationId} offsets={policy.reminderOffsets} />
      )}
      {policy.reminders.length > 0 ? (
        <ReminderSchedule
          organizationId={organizationId}
          reminders={policy.reminders}
          timeZone={policy.timeZone}
          showCounts={administrator}
          now={now}
        />
      ) : (
        <p className="muted small">The reminders are planned when a date is set.</p>
      )}
    </section>
  );
}
