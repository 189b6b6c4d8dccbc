import { useMutation } from '@apollo/client/react';
import { Megaphone } from 'lucide-react';
import { useState } from 'react';
import { AlertAllWithoutTwoFactorDocument } from '../../gql/graphql';
import { describeError } from '../../lib/errors/describe-error';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Notice } from '../../ui/Notice';
import { CampaignProgress } from './CampaignProgress';
import { useCampaign } from './use-campaign';

/**
 * "Warn all without 2FA": one confirmation, then the campaign's counts as it runs. The founding
 * document recommends warning members before the requirement is switched on.
 */
export function WarnAllButton({
  organizationId,
  withoutTwoFactor,
  label = 'Warn all without 2FA',
  doneLabel = 'Back to the members',
}: {
  organizationId: string;
  withoutTwoFactor: number | undefined;
  /** The button's words where it stands ("Alert all of them" beside the lockout preview). */
  label?: string;
  /** The button that closes the window once the campaign runs. */
  doneLabel?: string;
}) {
  const [open, setOpen] = useState(false);
  const [campaignId, setCampaignId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [start, { loading }] = useMutation(AlertAllWithoutTwoFactorDocument);
  const campaign = useCampaign(organizationId, campaignId);

  const confirm = async (): Promise<void> => {
    setError(null);
    try {
      const { data } = await start({ variables: { input: { organizationId, confirm: true } } });
      if (data) setCampaignId(data.alertAllWithoutTwoFactor.id);
    } catch (caught) {
      setError(describeError(caught, { CONFLICT: 'A warning to everyone is already being sent. Wait for it to finish.' }).message);
    }
  };

  const nobody = withoutTwoFactor === 0;
  return (
    <>
      <Button
        icon={<Megaphone size={16} aria-hidden="true" />}
        onClick={() => setOpen(true)}
        disabled={nobody}
        title={nobody ? 'Every member has 2FA' : undefined}
      >
        {label}
      </Button>
      <Dialog
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          if (!next && campaign?.state !== 'RUNNING') setCampaignId(null);
        }}
        busy={loading}
        title={campaignId ? 'Warning members without 2FA' : 'Warn every member without 2FA?'}
        description={
          campaignId
            ? undefined
            : `Each of the ${withoutTwoFactor ?? ''} members without two-step verification gets an e-mail from a no-reply address asking them to enable it, and how. Members alerted in the last 24 hours are skipped.`
        }
      >
        {error && <Notice tone="error">{error}</Notice>}
        {campaignId ? (
          <>
            {campaign ? <CampaignProgress campaign={campaign} /> : <p className="muted">Starting…</p>}
            <div className="form-row form-row--end">
              <Button variant="primary" onClick={() => setOpen(false)}>
                {doneLabel}
              </Button>
            </div>
          </>
        ) : (
          <div className="form-row form-row--end">
            <Button onClick={() => setOpen(false)} disabled={loading}>
              Cancel
            </Button>
            <Button variant="primary" busy={loading} onClick={() => void confirm()}>
              Send the alerts
            </Button>
          </div>
        )}
      </Dialog>
    </>
  );
}
