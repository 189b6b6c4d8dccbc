import { useQuery } from '@apollo/client/react';
import { Download } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { SecurityPolicyDocument } from '../../gql/graphql';
import { describeError } from '../../lib/errors/describe-error';
import { LoadingState } from '../../ui/LoadingState';
import { Notice } from '../../ui/Notice';
import { Section } from '../../ui/Section';
import { SelectField } from '../../ui/SelectField';
import { HistoryView } from './HistoryView';
import { historyRanges, windowOf, type HistoryRangeKey, type HistoryWindow } from './history-range';
import { useComplianceHistory } from './use-compliance-history';

/** `GET /export/compliance-history.csv` (docs/api.md, "Exports") of the range shown: a plain link, the cookie goes with it. */
export function historyExportUrl(organizationId: string, range: HistoryWindow): string {
  return `/export/compliance-history.csv?${new URLSearchParams({ organizationId, ...range }).toString()}`;
}

const rangeOptions = Object.entries(historyRanges).map(([value, range]) => ({ value, label: range.label }));

/**
 * The Overview's picture of how compliance moved over the chosen range, live. A change of the
 * policy (which the live policy event refreshes) asks for the range again, up to now, so its
 * marker is drawn.
 */
export function ComplianceHistorySection({ organizationId }: { organizationId: string }) {
  const [rangeKey, setRangeKey] = useState<HistoryRangeKey>('week');
  const [shown, setShown] = useState(() => windowOf('week', Date.now()));
  const { points, markers, end, loading, error, refetch } = useComplianceHistory(organizationId, shown);

  const { data: policyData } = useQuery(SecurityPolicyDocument, { variables: { id: organizationId }, fetchPolicy: 'cache-only' });
  const policy = policyData?.organization.securityPolicy;
  const policyKey = policy
    ? [policy.twoFactorRequired, policy.changedAt, policy.requiredFrom, policy.scheduledAt, policy.allowedMethods].join('|')
    : undefined;
  const seenPolicy = useRef(policyKey);
  useEffect(() => {
    const before = seenPolicy.current;
    seenPolicy.current = policyKey;
    if (before === undefined || before === policyKey) return;
    // Up to now; within the same minute the range is the same, and asked again.
    const next = windowOf(rangeKey, Date.now());
    if (next.to === shown.to) void refetch().catch(() => undefined);
    else setShown(next);
  }, [policyKey, rangeKey, shown, refetch]);

  const choose = (key: HistoryRangeKey): void => {
    setRangeKey(key);
    setShown(windowOf(key, Date.now()));
  };

  return (
    <Section
      title="Compliance history"
      description="How the share of members with two-step verification moved, with the policy changes marked."
      className="history"
      actions={
        <>
          <SelectField
            label="Range"
            hiddenLabel
            options={rangeOptions}
            value={rangeKey}
            onChange={(event) => choose(event.target.value as HistoryRangeKey)}
          />
          <a className="btn btn--secondary" href={historyExportUrl(organizationId, shown)} download>
            <Download size={16} aria-hidden="true" />
            Download CSV
          </a>
        </>
      }
    >
      {!points ? (
        error ? (
          <Notice tone="error">{describeError(error).message}</Notice>
        ) : (
          <LoadingState label="Loading the history…" />
        )
      ) : (
        <div aria-busy={loading || undefined}>
          <HistoryView
            points={points}
            markers={markers}
            from={Date.parse(shown.from)}
            end={end}
            resolution={shown.resolution}
            caption={`Compliance, ${historyRanges[rangeKey].label.toLowerCase()}`}
          />
        </div>
      )}
    </Section>
  );
}
