import { useQuery, useSubscription } from '@apollo/client/react';
import { useEffect } from 'react';
import { AlertCampaignChangedDocument, AlertCampaignDocument, type CampaignProgressFragment } from '../../gql/graphql';

/**
 * A campaign's counts while it runs. `alertCampaignChanged` pushes the campaign after each batch
 * and at its end; Apollo's cache puts it in place (same `AlertCampaign` id), so the query below
 * re-renders without asking again. A small campaign may finish before the subscription is up, so
 * the query is read once more shortly after the start — nothing is replayed to late subscribers.
 */
export function useCampaign(organizationId: string, campaignId: string | null): CampaignProgressFragment | null | undefined {
  const { data, refetch } = useQuery(AlertCampaignDocument, {
    variables: { id: organizationId, campaignId },
    skip: !campaignId,
    fetchPolicy: 'cache-and-network',
  });
  const campaign = campaignId ? data?.organization.alertCampaign : undefined;
  const running = !campaign || campaign.state === 'RUNNING';
  useSubscription(AlertCampaignChangedDocument, { variables: { organizationId }, skip: !campaignId || !running });
  useEffect(() => {
    if (!campaignId) return;
    const timer = setTimeout(() => void refetch().catch(() => undefined), 1500);
    return () => clearTimeout(timer);
  }, [campaignId, refetch]);
  return campaign;
}
