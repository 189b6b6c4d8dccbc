import type { SummaryCountsFragment } from '../../gql/graphql';
import type { MemberListParams } from './member-list-params';

/** "24 members · 21 with 2FA · 3 without": the last one filters the list to them. */
export function MemberCounts({
  summary,
  update,
}: {
  summary: SummaryCountsFragment | undefined;
  update: (next: Partial<MemberListParams>) => void;
}) {
  if (!summary) return <p className="counts muted">Counting members…</p>;
  return (
    <p className="counts" aria-live="polite">
      <span>
        <strong>{summary.members}</strong> {summary.members === 1 ? 'member' : 'members'}
      </span>
      <span className="counts__good">
        <strong>{summary.withTwoFactor}</strong> with 2FA
      </span>
      {summary.withoutTwoFactor > 0 ? (
        <button type="button" className="counts__bad link-button" onClick={() => update({ twoFactor: 'DISABLED' })}>
          <strong>{summary.withoutTwoFactor}</strong> without 2FA
        </button>
      ) : (
        <span>nobody without 2FA</span>
      )}
    </p>
  );
}
