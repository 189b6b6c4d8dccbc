import { ShieldCheck } from 'lucide-react';
import { Link } from 'react-router';
import type { SummaryCountsFragment } from '../../gql/graphql';
import { describeError } from '../../lib/errors/describe-error';
import { LoadingState } from '../../ui/LoadingState';
import { Notice } from '../../ui/Notice';
import { Section } from '../../ui/Section';
import { roleLabels } from '../organizations/organization-labels';
import { useSecuritySummary } from './use-security-summary';

const keyLabels: Record<string, string> = { ...roleLabels, INTERNAL: 'Internal', EXTERNAL: 'External' };

function Breakdown({ title, rows }: { title: string; rows: SummaryCountsFragment['byRole'] }) {
  const shown = rows.filter((row) => row.members > 0);
  if (shown.length === 0) return null;
  return (
    <table className="breakdown">
      <caption className="visually-hidden">{title}</caption>
      <thead>
        <tr>
          <th scope="col">{title}</th>
          <th scope="col">With 2FA</th>
          <th scope="col">Without</th>
        </tr>
      </thead>
      <tbody>
        {shown.map((row) => (
          <tr key={row.key}>
            <th scope="row">{keyLabels[row.key] ?? row.key}</th>
            <td>{row.withTwoFactor}</td>
            <td className={row.withoutTwoFactor > 0 ? 'is-bad' : undefined}>{row.withoutTwoFactor}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The live share of members with 2FA: the number an administrator watches move. Exempt members are counted apart. */
export function ComplianceCard({ organizationId }: { organizationId: string }) {
  const { summary, error } = useSecuritySummary(organizationId);
  const membersPath = `/orgs/${organizationId}/members`;
  return (
    <Section title="Compliance" description="Members with two-step verification, updated as it happens." className="compliance">
      {!summary ? (
        error ? (
          <Notice tone="error">{describeError(error).message}</Notice>
        ) : (
          <LoadingState label="Counting…" />
        )
      ) : (
        <div className="stack">
          <div className="compliance__headline">
            <p className="compliance__percent" data-testid="compliance-percent">
              {summary.compliancePercent}%
            </p>
            <p className="muted">
              {summary.withTwoFactor} of {summary.members - summary.exempt}{' '}
              {summary.members - summary.exempt === 1 ? 'member has' : 'members have'} 2FA
              {summary.exempt > 0 && ` (${summary.exempt} exempt ${summary.exempt === 1 ? 'member' : 'members'} not counted)`}
            </p>
          </div>
          <div
            className="meter"
            role="meter"
            aria-label="Share of members with two-step verification"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={summary.compliancePercent}
            aria-valuetext={`${summary.compliancePercent}%, ${summary.withoutTwoFactor - summary.exempt} without 2FA and not exempt`}
          >
            <span className="meter__fill" style={{ width: `${summary.compliancePercent}%` }} />
          </div>
          {summary.withoutTwoFactor > 0 ? (
            <>
              {(summary.exempt > 0 || summary.inWindow > 0) && (
                <ul className="compliance__groups" aria-label="Members without 2FA">
                  {summary.nonCompliant > 0 && (
                    <li>
                      <Link to={`${membersPath}?compliance=NON_COMPLIANT`} className="text-link">
                        {summary.nonCompliant} not compliant
                      </Link>
                      <span className="muted">: no deadline ahead, stopped while 2FA is required</span>
                    </li>
                  )}
                  {summary.inWindow > 0 && (
                    <li>
                      <Link to={`${membersPath}?compliance=IN_WINDOW`} className="text-link">
                        {summary.inWindow} in their window
                      </Link>
                      <span className="muted">: their own deadline is ahead</span>
                    </li>
                  )}
                  {summary.exempt > 0 && (
                    <li>
                      <Link to={`${membersPath}?compliance=EXEMPT`} className="text-link">
                        {summary.exempt} exempt
                      </Link>
                      <span className="muted">: until their exemption ends</span>
                    </li>
                  )}
                </ul>
              )}
              <p>
                <Link to={`${membersPath}?twoFactor=DISABLED`} className="text-link">
                  {summary.withoutTwoFactor} without 2FA: see and warn them
                </Link>
              </p>
            </>
          ) : (
            <p className="status-line">
              <ShieldCheck size={20} aria-hidden="true" className="is-good" /> Everyone is protected.
            </p>
          )}
          <div className="breakdowns">
            <Breakdown title="Role" rows={summary.byRole} />
            <Breakdown title="Kind" rows={summary.byKind} />
          </div>
        </div>
      )}
    </Section>
  );
}
