import { useMutation } from '@apollo/client/react';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ErrorCode } from '@twostep/shared';
import { PolicyHistoryDocument, SetOrganizationTimeZoneDocument } from '../../gql/graphql';
import { describeError } from '../../lib/errors/describe-error';
import { timeZoneNames, viewerTimeZone, zoneOffset } from '../../lib/local-time';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/Notice';
import { Section } from '../../ui/Section';
import { SelectField } from '../../ui/SelectField';
import { writePolicy } from './policy-cache';

/** "Europe/Paris (GMT+01:00)": a zone with its offset today, so people find theirs. */
const zoneLabel = (zone: string, now: Date): string => {
  const offset = zone === 'UTC' ? '' : zoneOffset(zone, now);
  return offset ? `${zone.replaceAll('_', ' ')} (${offset})` : zone.replaceAll('_', ' ');
};

/**
 * The time zone in which the organization's e-mails write their dates (reminders, alerts, warnings
 * to the legal representatives). The console itself keeps the viewer's zone.
 */
export function TimeZoneSection({ organizationId, timeZone, refused }: { organizationId: string; timeZone: string; refused: boolean }) {
  const [value, setValue] = useState(timeZone);
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  // A change made elsewhere (arriving live) shows here too.
  useEffect(() => setValue(timeZone), [timeZone]);
  const options = useMemo(() => {
    const now = new Date();
    return timeZoneNames(timeZone).map((zone) => ({ value: zone, label: zoneLabel(zone, now) }));
  }, [timeZone]);
  const [save, { loading }] = useMutation(SetOrganizationTimeZoneDocument, {
    update: (cache, { data }) => writePolicy(cache, organizationId, data?.setOrganizationTimeZone),
    refetchQueries: [PolicyHistoryDocument],
  });

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setNotice(null);
    setError(undefined);
    try {
      const { data } = await save({ variables: { input: { organizationId, timeZone: value } } });
      const saved = data?.setOrganizationTimeZone.timeZone ?? value;
      setNotice({ tone: 'success', text: `Saved: e-mails write their dates in ${saved} time.` });
    } catch (caught) {
      const described = describeError(caught);
      if (described.code === ErrorCode.BAD_USER_INPUT && described.field === 'timeZone') setError(described.message);
      else setNotice({ tone: 'error', text: described.message });
    }
  };

  return (
    <Section
      title="Time zone for e-mails"
      description={`The dates in the organization’s e-mails (reminders, alerts, notices to the legal representatives) are written in this time zone. The console shows every time in your own (${viewerTimeZone()}); hover a date of the plan to see it in this one.`}
    >
      {refused ? (
        <p data-testid="mail-time-zone">E-mails write their dates in {timeZone} time.</p>
      ) : (
        <form className="zone-form" onSubmit={(event) => void submit(event)} noValidate>
          <SelectField
            label="Time zone"
            options={options}
            value={value}
            error={error}
            onChange={(event) => {
              setValue(event.target.value);
              setError(undefined);
              setNotice(null);
            }}
          />
          <Button type="submit" busy={loading} disabled={value === timeZone}>
            Save
          </Button>
        </form>
      )}
      {notice && <Notice tone={notice.tone}>{notice.text}</Notice>}
    </Section>
  );
}
