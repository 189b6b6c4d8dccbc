import { useState, type FormEvent } from 'react';
import { Limits } from '@twostep/shared';
import { aYearAfter, fromDateTimeInput, toDateTimeInput, viewerTimeZone } from '../../lib/local-time';
import { Button } from '../../ui/Button';
import { TextField } from '../../ui/TextField';
import { ConfirmScheduleDialog } from './ConfirmScheduleDialog';

const HOUR_MS = 3_600_000;

/** Two weeks ahead at nine in the morning: a date people can plan for. */
function suggestedDate(): Date {
  const date = new Date(Date.now() + 14 * 24 * HOUR_MS);
  date.setHours(9, 0, 0, 0);
  return date;
}

export interface ScheduleFormProps {
  organization: { id: string; name: string };
  /** The scheduled date, when moving it. */
  current?: string | null;
  newMemberWindowDays: number;
  reminderOffsets: readonly number[];
  onDone: () => void;
  /** Shown as "Keep the date" while moving. */
  onCancel?: () => void;
}

/**
 * The date and time from which the organization requires 2FA, picked in the viewer's own time
 * zone (a native picker), checked here against the API's limits, then confirmed in a window.
 */
export function ScheduleForm({ organization, current, newMemberWindowDays, reminderOffsets, onDone, onCancel }: ScheduleFormProps) {
  const [value, setValue] = useState(() => toDateTimeInput(current ? new Date(current) : suggestedDate()));
  const [error, setError] = useState<string | undefined>();
  const [chosen, setChosen] = useState<Date | null>(null);
  const now = Date.now();
  const earliest = toDateTimeInput(new Date(now + Limits.minScheduleAheadHours * HOUR_MS + 60_000));
  const latest = toDateTimeInput(new Date(aYearAfter(new Date(now)).getTime() - 60_000));

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const at = fromDateTimeInput(value);
    const problem = !at
      ? 'Choose a date and a time.'
      : at.getTime() < Date.now() + Limits.minScheduleAheadHours * HOUR_MS
        ? 'Choose a moment at least an hour ahead.'
        : at > aYearAfter(new Date())
          ? 'Choose a moment at most a year ahead.'
          : undefined;
    setError(problem);
    if (!problem && at) setChosen(at);
  };

  return (
    <>
      <form className="schedule-form" onSubmit={submit} noValidate>
        <TextField
          label={`Required from (${viewerTimeZone()} time)`}
          hint="At least an hour and at most a year ahead."
          type="datetime-local"
          value={value}
          min={earliest}
          max={latest}
          step={60}
          required
          error={error}
          onChange={(event) => {
            setValue(event.target.value);
            setError(undefined);
          }}
        />
        <div className="button-row">
          <Button type="submit" variant="primary">
            {current ? 'Move the date…' : 'Schedule…'}
          </Button>
          {onCancel && <Button onClick={onCancel}>Keep the date</Button>}
        </div>
      </form>
      {chosen && (
        <ConfirmScheduleDialog
          organization={organization}
          requiredFrom={chosen}
          previous={current}
          newMemberWindowDays={newMemberWindowDays}
          reminderOffsets={reminderOffsets}
          onClose={() => setChosen(null)}
          onScheduled={() => {
            setChosen(null);
            onDone();
          }}
          onDateRefused={(message) => {
            setChosen(null);
            setError(message);
          }}
        />
      )}
    </>
  );
}
