import { useMutation } from '@apollo/client/react';
import { useEffect, useState, type FormEvent } from 'react';
import { ErrorCode } from '@twostep/shared';
import { PolicyHistoryDocument, SetReminderOffsetsDocument } from '../../gql/graphql';
import { describeError } from '../../lib/errors/describe-error';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/Notice';
import { TextField } from '../../ui/TextField';
import { writePolicy } from './policy-cache';
import { describeOffsets, MAX_REMINDER_OFFSET_DAYS, MAX_REMINDER_OFFSETS, offsetsText, parseOffsets } from './reminder-offsets';

/** The days before a scheduled date when members without 2FA are reminded, typed as "14, 7, 1". */
export function ReminderOffsetsForm({ organizationId, offsets }: { organizationId: string; offsets: readonly number[] }) {
  const saved = offsetsText(offsets);
  const [value, setValue] = useState(saved);
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  // A change made elsewhere (arriving live) shows here too.
  useEffect(() => setValue(saved), [saved]);
  const [save, { loading }] = useMutation(SetReminderOffsetsDocument, {
    update: (cache, { data }) => writePolicy(cache, organizationId, data?.setReminderOffsets),
    refetchQueries: [PolicyHistoryDocument],
  });

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setNotice(null);
    const parsed = parseOffsets(value);
    if ('problem' in parsed) {
      setError(parsed.problem);
      return;
    }
    setError(undefined);
    try {
      const { data } = await save({ variables: { input: { organizationId, offsets: parsed.offsets } } });
      const now = data?.setReminderOffsets.reminderOffsets ?? parsed.offsets;
      setValue(offsetsText(now));
      setNotice({ tone: 'success', text: `Saved: members without 2FA are reminded ${describeOffsets(now)}.` });
    } catch (caught) {
      const described = describeError(caught);
      if (described.code === ErrorCode.BAD_USER_INPUT && described.field === 'offsets') setError(described.message);
      else setNotice({ tone: 'error', text: described.message });
    }
  };

  return (
    <div className="stack-sm">
      <form className="offsets-form" onSubmit={(event) => void submit(event)} noValidate>
        <TextField
          label="Days before the date"
          hint={`Up to ${MAX_REMINDER_OFFSETS} different days from 1 to ${MAX_REMINDER_OFFSET_DAYS}, separated by commas. Leave it empty to remind only at the switch.`}
          inputMode="numeric"
          autoComplete="off"
          placeholder="14, 7, 1"
          value={value}
          error={error}
          onChange={(event) => {
            setValue(event.target.value);
            setError(undefined);
          }}
        />
        <Button type="submit" busy={loading} disabled={value.trim() === saved}>
          Save
        </Button>
      </form>
      {notice && <Notice tone={notice.tone}>{notice.text}</Notice>}
    </div>
  );
}
