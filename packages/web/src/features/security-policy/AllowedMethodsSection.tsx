import { useQuery } from '@apollo/client/react';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { OwnSecurityKeysDocument, type AllowedMethods, type PolicyFieldsFragment } from '../../gql/graphql';
import { Section } from '../../ui/Section';
import { ConfirmMethodsDialog } from './ConfirmMethodsDialog';

/** The two choices, in this order, with what each means. */
const allowedMethodsChoices: { value: AllowedMethods; label: string; hint: string }[] = [
  {
    value: 'ANY',
    label: 'Any method (authenticator app, security key or passkey)',
    hint: 'Every second factor counts.',
  },
  {
    value: 'PHISHING_RESISTANT',
    label: 'Only security keys and passkeys (phishing-resistant)',
    hint: 'Members whose only second factor is an authenticator app must add a key or passkey.',
  },
];

export interface AllowedMethodsSectionProps {
  organization: { id: string; name: string };
  policy: PolicyFieldsFragment;
  /** Why the viewer may not change the policy; they see the choice without controls. */
  refused: boolean;
}

/**
 * "Accepted methods": whether any second factor counts in the organization, or only security keys
 * and passkeys. Choosing opens a confirmation that names who it would newly block; requiring keys
 * takes a key of one's own, and without one that choice is held with a way to add one.
 */
export function AllowedMethodsSection({ organization, policy, refused }: AllowedMethodsSectionProps) {
  const name = useId();
  const noteId = useId();
  const [confirming, setConfirming] = useState<AllowedMethods | null>(null);
  const { data } = useQuery(OwnSecurityKeysDocument, { skip: refused });
  const hasKey = data ? data.viewer.securityKeys.length > 0 : undefined;
  const current = policy.allowedMethods;
  // Without a key of one's own, only keys cannot be chosen (it stays shown if it is the setting).
  const keysLocked = hasKey === false && current !== 'PHISHING_RESISTANT';

  return (
    <Section
      title="Accepted methods"
      description="Which second factors count. A code from an authenticator app can be phished: a fake sign-in page can ask for it and use it at once. A security key or passkey cannot, as it answers only the real Twostep site."
    >
      {refused ? (
        <p data-testid="allowed-methods">Accepted: {allowedMethodsChoices.find((choice) => choice.value === current)?.label ?? current}.</p>
      ) : (
        <fieldset className="fieldset accepted-methods" aria-describedby={keysLocked ? noteId : undefined}>
          <legend className="visually-hidden">Methods that count in {organization.name}</legend>
          {allowedMethodsChoices.map((choice) => {
            // Held until the viewer's keys are known, and without one (unless it is the setting already).
            const locked = choice.value === 'PHISHING_RESISTANT' && current !== 'PHISHING_RESISTANT' && hasKey !== true;
            return (
              <label key={choice.value} className={locked ? 'check check--described is-locked' : 'check check--described'}>
                <input
                  type="radio"
                  name={name}
                  value={choice.value}
                  checked={current === choice.value}
                  disabled={locked}
                  onChange={() => setConfirming(choice.value)}
                />
                <span>
                  <span className="accepted-methods__label">{choice.label}</span>
                  <span className="muted small accepted-methods__hint">{choice.hint}</span>
                </span>
              </label>
            );
          })}
          {keysLocked && (
            <p className="small accepted-methods__note" id={noteId}>
              To require keys of others, add a security key or passkey to your own account first.{' '}
              <Link to="/account" className="text-link">
                Add one in My account
              </Link>
            </p>
          )}
        </fieldset>
      )}
      {confirming && (
        <ConfirmMethodsDialog
          organization={organization}
          allowedMethods={confirming}
          policy={policy}
          open
          onClose={() => setConfirming(null)}
        />
      )}
    </Section>
  );
}
