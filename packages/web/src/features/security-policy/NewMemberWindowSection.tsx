import { useMutation } from '@apollo/client/react';
import { useEffect, useState, type FormEvent } from 'react';
import { ErrorCode, Limits } from '@twostep/shared';
import { PolicyHistoryDocument, SetNewMemberWindowDocument } from '../../gql/graphql';
import { describeError } from '../../lib/errors/describe-error';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/Notice';
import { Section } from '../../ui/Section';
import { TextField } from '../../ui/TextField';
import { writePolicy } from './policy-cache';

const daysText = (days: number): string => (days === 1 ? '1 day' : `${days} days`);

/** The days people who join while a plan runs (or the requirement is on) may take to set up 2FA. */
export function NewMemberWindowSection({
  organization,
  days,
  refused,
}: {
  organization: { id: string; name: string };
  days: number;
  refused: boolean;
}) {
  const [value, setValue] = useState(String(days));
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  // A change made elsewhere (arriving live) shows here too.
  useEffect(() => setValue(String(days)), [days]);
  const [save, { loading }] = useMutation(SetNewMemberWindowDocument, {
    update: (cache, { data }) => writePolicy(cache, organization.id, data?.setNewMemberWindow),
    refetchQueries: [PolicyHistoryDocument],
  });

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setNotice(null);
    const next = Number(value);
    if (value.trim() === '' || !Number.isInteger(next) || next < 0 || next > Limits.maxNewMemberWindowDays) {
      setError(`Choose a whole number of days from 0 to ${Limits.maxNewMemberWindowDays}.`);
      return;
    }
    setError(undefined);
    try {
      await save({ variables: { input: { organizationId: organization.id, days: next } } });
      setNotice({ tone: 'success', text: `Saved: new members get ${daysText(next)}.` });
    } catch (caught) {
      const described = describeError(caught);
      if (described.code === ErrorCode.BAD_USER_INPUT && described.field === 'days') setError(described.message);
      else setNotice({ tone: 'error', text: described.message });
    }
  };

  return (
    <Section
      title="New members’ window"
      description="Days that people who join while the requirement is on or scheduled may take to set up two-step verification. With 0, they are held to the plan like everyone else."
    >
      {refused ? (
        <p data-testid="window-days">New members get {daysText(days)}.</p>
      ) : (
        <form className="window-form" onSubmit={(event) => void submit(event)} noValidate>
          <TextField
            label="Days to set it up"
            hint={`0 to ${Limits.maxNewMemberWindowDays}`}
            type="number"
            inputMode="numeric"
            min={0}
            max={Limits.maxNewMemberWindowDays}
            step={1}
            value={value}
            error={error}
            onChange={(event) => {
              setValue(event.target.value);
              setError(undefined);
            }}
          />
          <Button type="submit" busy={loading} disabled={value === String(days)}>
            Save
          </Button>
        </form>
      )}
      {notice && <Notice tone={notice.tone}>{notice.text}</Notice>}
    </Section>
  );
}
