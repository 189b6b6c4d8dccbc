import type { PolicyFieldsFragment, TwoFactorMethodKind } from '../../gql/graphql';
import { Notice } from '../../ui/Notice';
import { methodKindsText, onlyAnApp } from './member-labels';

/**
 * The drawer's kinds of second factor a member has ("Authenticator app, Security key"), and, where
 * the organization accepts only security keys and passkeys, that an app alone does not count.
 */
export function MemberMethods({
  organizationName,
  kinds,
  policy,
}: {
  organizationName: string;
  kinds: readonly TwoFactorMethodKind[];
  policy: Pick<PolicyFieldsFragment, 'allowedMethods' | 'twoFactorRequired'> | undefined;
}) {
  const appDoesNotCount = policy?.allowedMethods === 'PHISHING_RESISTANT' && onlyAnApp(kinds);
  return (
    <>
      <dl className="facts">
        <div>
          <dt>Methods</dt>
          <dd data-testid="member-methods">{methodKindsText(kinds) || 'None'}</dd>
        </div>
      </dl>
      {appDoesNotCount && (
        <Notice tone="warning" live={false} className="member-methods__app-only">
          Their authenticator app does not count in {organizationName}, which accepts only security keys and passkeys.{' '}
          {policy.twoFactorRequired
            ? 'They are stopped in the console and web apps until they add one.'
            : 'Once two-step verification is required, they are stopped in the console and web apps until they add one.'}
        </Notice>
      )}
    </>
  );
}
