import type { SummaryCountsFragment } from '../../gql/graphql';
import type { MemberListParams } from './member-list-params';

/**
 * "24 members · 21 with 2FA · 3 without 2FA", and while a plan or exemptions run, those without
 * apart: exempt, in their window, not compliant. Each count without 2FA filters the list to them.
 * Where only keys count (`keysOnly`), the counts leave out members with only an app while the
 * 2FA filter does not: "without 2FA" then filters by compliance, or stays a plain count beside
 * its groups.
 */
export function MemberCounts({
  summary,
  update,
  keysOnly = false,
}: {
  summary: SummaryCountsFragment | undefined;
  update: (next: Partial<MemberListParams>) => void;
  keysOnly?: boolean;
}) {
  if (!summary) return <p className="counts muted">Counting members…</p>;
  // Without exemptions and windows, "not compliant" is everyone without 2FA: said once.
  const apart = summary.exempt > 0 || summary.inWindow > 0;
  const only = (compliance: MemberListParams['compliance']) => () => update({ compliance, twoFactor: '' });
  return (
    <p className="counts" aria-live="polite">
      <span>
        <strong>{summary.members}</strong> {summary.members === 1 ? 'member' : 'members'}
      </span>
      <span className="counts__good">
        <strong>{summary.withTwoFactor}</strong> with 2FA
      </span>
      {summary.withoutTwoFactor > 0 ? (
        keysOnly && apart ? (
          <span className="counts__bad">
            <strong>{summary.withoutTwoFactor}</strong> without 2FA
          </span>
        ) : (
          <button
            type="button"
            className="counts__bad link-button"
            // Without exemptions and windows, everyone without (accepted) 2FA is not compliant.
            onClick={() => update(keysOnly ? { compliance: 'NON_COMPLIANT', twoFactor: '' } : { twoFactor: 'DISABLED', compliance: '' })}
          >
            <strong>{summary.withoutTwoFactor}</strong> without 2FA
          </button>
        )
      ) : (
        <span>nobody without 2FA</span>
      )}
      {apart && (
        <span className="counts__apart" data-testid="compliance-counts">
          {summary.nonCompliant > 0 && (
            <button type="button" className="link-button counts__bad" onClick={only('NON_COMPLIANT')}>
              <strong>{summary.nonCompliant}</strong> not compliant
            </button>
          )}
          {summary.inWindow > 0 && (
            <button type="button" className="link-button counts__window" onClick={only('IN_WINDOW')}>
              <strong>{summary.inWindow}</strong> in their window
            </button>
          )}
          {summary.exempt > 0 && (
            <button type="button" className="link-button counts__exempt" onClick={only('EXEMPT')}>
              <strong>{summary.exempt}</strong> exempt
            </button>
          )}
        </span>
      )}
    </p>
  );
}
