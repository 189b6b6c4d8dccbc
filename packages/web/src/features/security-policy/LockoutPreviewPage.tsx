import { useQuery } from '@apollo/client/react';
import { ArrowLeft } from 'lucide-react';
import { useMemo, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { SecurityPolicyDocument } from '../../gql/graphql';
import { formatDateTime } from '../../lib/format';
import { aYearAfter, fromDateTimeInput, toDateTimeInput, viewerTimeZone } from '../../lib/local-time';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Button } from '../../ui/Button';
import { PageHeading } from '../../ui/PageHeading';
import { Section } from '../../ui/Section';
import { TextField } from '../../ui/TextField';
import { WarnAllButton } from '../alerts/WarnAllButton';
import { useSecuritySummary } from '../members/use-security-summary';
import { AdministratorsOnly } from '../organizations/AdministratorsOnly';
import { useMembership } from '../organizations/use-membership';
import { LockoutPreviewPanel } from './LockoutPreviewPanel';

export function LockoutPreviewPage() {
  return (
    <AdministratorsOnly title="Who would be blocked">
      <LockoutPreviewScreen />
    </AdministratorsOnly>
  );
}

/**
 * The lockout preview on its own page, reached from the rollout plan: who the requirement would
 * stop at a moment (`?at=` an ISO date or `now`; without it the scheduled date, else now), and
 * "Alert all of them".
 */
function LockoutPreviewScreen() {
  const { organization } = useMembership();
  useDocumentTitle(`Who would be blocked · ${organization.name}`);
  const [params, setParams] = useSearchParams();
  const { data } = useQuery(SecurityPolicyDocument, { variables: { id: organization.id } });
  const { summary } = useSecuritySummary(organization.id);
  const requiredFrom = data?.organization.securityPolicy.requiredFrom ?? null;
  const asked = params.get('at');
  const isNow = asked === 'now' || (!asked && data !== undefined && !requiredFrom);
  // "Now" is the server's own when nothing is scheduled (no clock of this computer involved);
  // with a date scheduled, the default would be that date, so now is said explicitly.
  const at = useMemo(
    () => (asked === 'now' ? (requiredFrom ? new Date().toISOString() : undefined) : asked && Date.parse(asked) ? asked : undefined),
    [asked, requiredFrom],
  );
  const [value, setValue] = useState(() => toDateTimeInput(at ? new Date(at) : requiredFrom ? new Date(requiredFrom) : new Date()));
  const [error, setError] = useState<string | undefined>();

  const show = (next: string | null): void => {
    setError(undefined);
    setParams(next ? { at: next } : {}, { replace: true });
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const moment = fromDateTimeInput(value);
    if (!moment || moment.getTime() < Date.now() - 60_000 || moment > aYearAfter(aYearAfter(new Date()))) {
      setError('Choose a moment from now on, at most two years ahead.');
      return;
    }
    show(moment.toISOString());
  };

  return (
    <div className="page">
      <p>
        <Link to={`/orgs/${organization.id}/security`} className="text-link back-link">
          <ArrowLeft size={16} aria-hidden="true" />
          Security settings
        </Link>
      </p>
      <PageHeading description="The members the requirement would stop on the web at a moment, were it in force then: without two-step verification, not exempt by then, and with no time left in their window.">
        Who would be blocked
      </PageHeading>
      <Section title="When">
        <form className="moment-form" onSubmit={submit} noValidate>
          <TextField
            label={`At (${viewerTimeZone()} time)`}
            type="datetime-local"
            value={value}
            step={60}
            error={error}
            onChange={(event) => {
              setValue(event.target.value);
              setError(undefined);
            }}
          />
          <div className="button-row">
            <Button type="submit" variant="primary">
              Show
            </Button>
            <Button onClick={() => show('now')} aria-pressed={isNow}>
              Now
            </Button>
            {requiredFrom && (
              <Button onClick={() => show(null)} aria-pressed={!asked} title={formatDateTime(requiredFrom)}>
                At the scheduled date
              </Button>
            )}
          </div>
        </form>
      </Section>
      <section className="card" aria-label="Who would be blocked">
        {data && (
          <LockoutPreviewPanel
            key={at ?? asked ?? 'default'}
            organizationId={organization.id}
            at={at}
            now={isNow}
            pageSize={25}
            linkNames
            actions={
              <div className="stack-sm">
                <WarnAllButton
                  organizationId={organization.id}
                  withoutTwoFactor={summary?.withoutTwoFactor}
                  label="Alert all of them"
                  doneLabel="Back to the preview"
                />
                <p className="small muted">
                  Alerts every member without two-step verification ({summary?.withoutTwoFactor ?? '…'}), not only those listed here.
                  Members alerted in the last 24 hours are skipped.
                </p>
              </div>
            }
          />
        )}
      </section>
    </div>
  );
}
