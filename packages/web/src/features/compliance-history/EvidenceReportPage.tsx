import { Printer } from 'lucide-react';
import { Link, useSearchParams } from 'react-router';
import { describeError } from '../../lib/errors/describe-error';
import { formatDateTime } from '../../lib/format';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Button } from '../../ui/Button';
import { LoadingState } from '../../ui/LoadingState';
import { Notice } from '../../ui/Notice';
import { PageHeading } from '../../ui/PageHeading';
import { Section } from '../../ui/Section';
import { AdministratorsOnly } from '../organizations/AdministratorsOnly';
import { useMembership } from '../organizations/use-membership';
import { EvidenceCounts } from './EvidenceCounts';
import { EvidenceEntries } from './EvidenceEntries';
import { EvidenceExemptions, EvidenceWithoutTwoFactor } from './EvidenceMembers';
import { HistoryView } from './HistoryView';
import { parseEvidenceRange } from './evidence-range';
import { allowedMethodsText, remindersText, requirementText } from './policy-words';
import { useEvidenceReport, type FullEvidenceReport } from './use-evidence-report';

/** The report itself: one document, in the order an auditor reads it. */
function Report({ full }: { full: FullEvidenceReport }) {
  const { report } = full;
  const history = report.history;
  // Nothing is known past the moment the report was made: the last counts hold until then.
  const end = Math.min(Date.parse(report.to), Date.parse(report.generatedAt));
  return (
    <>
      <dl className="evidence-facts">
        <dt>Organization</dt>
        <dd>{full.organizationName}</dd>
        <dt>Range</dt>
        <dd>
          {formatDateTime(report.from)} – {formatDateTime(report.to)}
        </dd>
        <dt>Generated</dt>
        <dd>
          {formatDateTime(report.generatedAt)} by {report.generatedBy.name}
        </dd>
      </dl>
      <Section title="Security policy" className="evidence-section">
        <div className="stack">
          <dl className="evidence-facts">
            <dt>Two-step verification</dt>
            <dd data-testid="evidence-requirement">{requirementText(report.policy)}</dd>
            <dt>Accepted methods</dt>
            <dd>{allowedMethodsText[report.policy.allowedMethods]}</dd>
            <dt>New members’ window</dt>
            <dd>{report.policy.newMemberWindowDays} days</dd>
            <dt>Reminders</dt>
            <dd>{remindersText(report.policy.reminderOffsets)}</dd>
            <dt>Time zone of e-mails</dt>
            <dd>{report.policy.timeZone}</dd>
          </dl>
          <h3 className="evidence-subtitle">Changes in this range</h3>
          <EvidenceEntries
            entries={full.policyChanges}
            caption="Policy changes in this range"
            empty="The policy did not change in this range."
          />
        </div>
      </Section>
      <Section title="Compliance" className="evidence-section">
        <div className="stack">
          <div className="grid-2 evidence-ends">
            <EvidenceCounts title="At the start" at={report.from} point={report.atStart} />
            <EvidenceCounts title="At the end" at={new Date(end).toISOString()} point={report.atEnd} />
          </div>
          <HistoryView
            points={history.points}
            markers={history.markers}
            from={Date.parse(history.from)}
            end={end}
            resolution={history.resolution}
            caption="Compliance over the range"
          />
        </div>
      </Section>
      <Section title="Exemptions in force" description="Members excused from the requirement now." className="evidence-section">
        <EvidenceExemptions members={full.exemptions} />
      </Section>
      <Section
        title="Resets and lockouts"
        description="Second factors reset, and codes or proofs locked after failures."
        className="evidence-section"
      >
        <EvidenceEntries entries={full.resetsAndLockouts} caption="Resets and lockouts" empty="No reset or lockout in this range." />
      </Section>
      <Section
        title="Members without two-step verification"
        description="Everyone without an accepted method now."
        className="evidence-section"
      >
        <EvidenceWithoutTwoFactor members={full.membersWithoutTwoFactor} />
      </Section>
    </>
  );
}

/**
 * `/orgs/:orgId/evidence?from=…&to=…`: the evidence report for auditors, one printable document.
 * Everything in it comes from the API's `evidenceReport`, every page of its lists loaded.
 */
export function EvidenceReportPage() {
  return (
    <AdministratorsOnly title="Evidence report">
      <EvidenceReport />
    </AdministratorsOnly>
  );
}

function EvidenceReport() {
  const { organization } = useMembership();
  const [params] = useSearchParams();
  const range = parseEvidenceRange(params.get('from'), params.get('to'));
  useDocumentTitle(`Evidence report · ${organization.name}`);
  const { full, error } = useEvidenceReport(organization.id, range?.from ?? '', range?.to ?? '');
  return (
    <div className="page evidence">
      <PageHeading
        description={range ? `${formatDateTime(range.from)} – ${formatDateTime(range.to)}` : undefined}
        actions={
          full && (
            <Button variant="primary" icon={<Printer size={16} aria-hidden="true" />} onClick={() => window.print()}>
              Print or save as PDF
            </Button>
          )
        }
      >
        Evidence report: {organization.name}
      </PageHeading>
      {!range ? (
        <Notice tone="error" title="This report needs a range">
          Choose its dates in{' '}
          <Link to={`/orgs/${organization.id}/security`} className="text-link">
            Security settings
          </Link>
          .
        </Notice>
      ) : full ? (
        <Report full={full} />
      ) : error ? (
        <Notice tone="error">{describeError(error).message}</Notice>
      ) : (
        <LoadingState label="Gathering the evidence…" />
      )}
    </div>
  );
}
