import type { AllowedMethods, PolicyFieldsFragment } from '../../gql/graphql';
import { formatDateTime } from '../../lib/format';

export const allowedMethodsText: Record<AllowedMethods, string> = {
  ANY: 'Any second factor: authenticator app, security key or passkey',
  PHISHING_RESISTANT: 'Security keys and passkeys only (authenticator apps do not count)',
};

/** The requirement in one sentence, with who set it and when. */
export function requirementText(policy: PolicyFieldsFragment): string {
  const by = (actor: { name: string } | null): string => (actor ? ` by ${actor.name}` : '');
  if (policy.twoFactorRequired) {
    return `Required of every member${policy.changedAt ? ` since ${formatDateTime(policy.changedAt)}` : ''}${by(policy.changedBy)}.`;
  }
  if (policy.requiredFrom) {
    return `Not required yet: required from ${formatDateTime(policy.requiredFrom)}, scheduled${by(policy.scheduledBy)}${policy.scheduledAt ? ` on ${formatDateTime(policy.scheduledAt)}` : ''}.`;
  }
  return `Not required${policy.changedAt ? ` since ${formatDateTime(policy.changedAt)}` : ''}${by(policy.changedBy)}.`;
}

/** "7, 1 days before the date, and at the switch". */
export const remindersText = (offsets: readonly number[]): string =>
  offsets.length > 0 ? `${offsets.join(', ')} days before the date, and at the switch` : 'At the switch only';
