import { useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { AlertCampaignDocument, type CampaignProgressFragment } from '../../gql/graphql';

/**
 * A campaign's counts while it runs. The schema has no subscription for campaigns (the alerts it
 * queues arrive as member events, but neither the skipped count nor the end does), so this asks
 * every second until the campaign says FINISHED, and never afterwards.
 */
export function useCampaign(organizationId: string, campaignId: string | null): CampaignProgressFragment | null | undefined {
  const [running, setRunning] = useState(true);
  const { data } = useQuery(AlertCampaignDocument, {
    variables: { id: organizationId, campaignId },
    skip: !campaignId,
    fetchPolicy: 'network-only',
    pollInterval: running ? 1000 : 0,
  });
  const campaign = campaignId ? data?.organization.alertCampaign : undefined;
  useEffect(() => setRunning(!campaign || campaign.state === 'RUNNING'), [campaign]);
  return campaign;
}
