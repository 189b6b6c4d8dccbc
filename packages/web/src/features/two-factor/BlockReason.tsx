import { ShieldAlert } from 'lucide-react';
import type { OrganizationRef } from '../../app/session-signals';
import { formatDate } from '../../lib/format';
import { LeaveOrganizationButton } from '../organizations/LeaveOrganizationButton';

/** An organization of the block, with what the member needs to know about it. */
export interface BlockingOrganization extends OrganizationRef {
  since: string | null;
  external: boolean;
  /** It accepts only security keys and passkeys. */
  keysOnly: boolean;
}

export interface BlockReasonProps {
  organizations: BlockingOrganization[];
  /** The account's own methods, for what to say about them where only keys count. */
  hasApp: boolean;
  hasKey: boolean;
  onLeft: (organization: OrganizationRef) => void;
}

const names = (organizations: OrganizationRef[]): string => organizations.map((o) => o.name).join(', ');

/**
 * Why the console is locked: which organizations require two-step verification, since when, and
 * where only a security key or passkey counts (an authenticator app does not make the member
 * compliant there). External members may leave instead.
 */
export function BlockReason({ organizations, hasApp, hasKey, onLeft }: BlockReasonProps) {
  // One organization, internal: its name in the title says it all. Otherwise a list (with "Leave" for externals).
  const single = organizations.length === 1 ? organizations[0] : undefined;
  const showList = !single || single.external;
  const keysOnly = organizations.filter((o) => o.keysOnly);

  const title = single
    ? `${single.name} ${single.keysOnly ? 'requires a security key or passkey' : 'requires two-step verification'}`
    : 'Your organizations require two-step verification';
  const who = single ? `${single.name} asks` : 'These organizations ask';
  let explanation: string;
  if (keysOnly.length === 0) {
    explanation = `${who} every member to protect their account with a second step at sign-in: a security key, a passkey, or a code from an app on your phone. Until you set it up, the console stays locked for your account.`;
  } else if (single) {
    explanation = `${who} every member to confirm their sign-in with a security key or passkey, which a fake sign-in page cannot use. A code from an authenticator app does not count there. Until you add one, the console stays locked for your account.`;
  } else {
    explanation = `${who} every member to protect their account with a second step at sign-in. ${names(keysOnly)} ${keysOnly.length === 1 ? 'accepts' : 'accept'} only a security key or passkey (an authenticator app does not count there), so add one: it counts everywhere. Until then, the console stays locked for your account.`;
  }
  // Where only keys count, the member may have an app (it stays, but does not count) or even a key
  // (after signing in with a recovery code: the key may be lost, so a new one is asked).
  const ownMethods =
    keysOnly.length === 0
      ? null
      : hasKey
        ? 'You signed in with a recovery code. Add a security key or passkey to continue: a new one, if yours is lost.'
        : hasApp
          ? 'Your authenticator app still works for signing in, but it does not count there.'
          : null;

  return (
    <section className="card block-card" aria-labelledby="block-why">
      <div className="block-card__icon" aria-hidden="true">
        <ShieldAlert size={24} />
      </div>
      <div className="stack-sm">
        <h2 id="block-why" className="card__title">
          {title}
        </h2>
        <p>{explanation}</p>
        {ownMethods && <p>{ownMethods}</p>}
        {single && !single.external && single.since && <p className="muted small">Required since {formatDate(single.since)}.</p>}
        {showList && (
          <ul className="org-list">
            {organizations.map((organization) => (
              <li key={organization.id} className="org-list__item">
                <div>
                  <strong>{organization.name}</strong>
                  <span className="muted small">
                    {organization.since ? ` · required since ${formatDate(organization.since)}` : ' · required'}
                    {organization.keysOnly && ' · security key or passkey only'}
                    {organization.external && ' · you are an external member'}
                  </span>
                </div>
                {organization.external && <LeaveOrganizationButton organization={organization} onLeft={() => onLeft(organization)} />}
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
