import { CircleCheck } from 'lucide-react';
import type { CampaignProgressFragment } from '../../gql/graphql';
import { formatDateTime } from '../../lib/format';
import { Spinner } from '../../ui/Spinner';

/** "Sending… 12 queued, 3 skipped", then "Done". Announced politely as it moves. */
export function CampaignProgress({ campaign }: { campaign: CampaignProgressFragment }) {
  const running = campaign.state === 'RUNNING';
  return (
    <div className="campaign" role="status" aria-live="polite">
      <p className="campaign__state">
        {running ? <Spinner size={18} /> : <CircleCheck size={18} aria-hidden="true" className="is-good" />}
        {running ? 'Sending the alerts…' : `Done${campaign.finishedAt ? `, ${formatDateTime(campaign.finishedAt)}` : ''}.`}
      </p>
      <dl className="campaign__counts">
        <div>
          <dt>Queued</dt>
          <dd data-testid="campaign-queued">{campaign.queued}</dd>
        </div>
        <div>
          <dt>Skipped (alerted in the last 24 hours)</dt>
          <dd data-testid="campaign-skipped">{campaign.skipped}</dd>
        </div>
      </dl>
    </div>
  );
}
