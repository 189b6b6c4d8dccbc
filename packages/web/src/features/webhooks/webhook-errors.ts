import { ErrorCode, Limits } from '@twostep/shared';
import { describeError, firstGraphQLError, type DescribedError } from '../../lib/errors/describe-error';

/** Why the server refused a URL (`extensions.reason` of BAD_USER_INPUT on `url`). */
type UrlRefusal = 'SCHEME' | 'CREDENTIALS' | 'PRIVATE_ADDRESS' | 'MALFORMED';

const urlRefusals: Record<UrlRefusal, string> = {
  SCHEME: 'Use an address that starts with https://.',
  CREDENTIALS: 'Leave the user name and password out of the address: each delivery is signed, so the receiver knows it comes from Twostep.',
  PRIVATE_ADDRESS:
    'This address is not on the public internet (a private network, this machine or a reserved range). Webhooks go to public addresses only.',
  MALFORMED: `This is not a web address. Enter a full URL such as https://example.com/twostep, of at most ${Limits.maxWebhookUrlLength} characters.`,
};

const isUrlRefusal = (reason: unknown): reason is UrlRefusal => typeof reason === 'string' && Object.hasOwn(urlRefusals, reason);

/** A webhook form's error: the message, and where it goes (beside the URL, the events or the description, or above the form). */
export interface WebhookFormError extends DescribedError {
  /** The field the message belongs beside, when it is one of the form's. */
  formField?: 'url' | 'eventTypes' | 'description';
}

const needsOwnTwoFactor = 'Managing webhooks needs two-step verification on your own account. Set it up in My account first.';

export function describeWebhookError(caught: unknown): WebhookFormError {
  const described = describeError(caught, {
    ACTOR_TWO_FACTOR_REQUIRED: needsOwnTwoFactor,
    CONFLICT: `An organization has at most ${Limits.maxWebhookEndpoints} webhook endpoints. Delete one you no longer use first.`,
  });
  if (described.code !== ErrorCode.BAD_USER_INPUT) return described;
  if (described.field === 'url') {
    const reason = firstGraphQLError(caught)?.extensions?.reason;
    return { ...described, formField: 'url', message: isUrlRefusal(reason) ? urlRefusals[reason] : described.message };
  }
  if (described.field === 'eventTypes' || described.field === 'description') return { ...described, formField: described.field };
  return described;
}

/** An action on an endpoint or a delivery (not a form): the words only. */
export function describeWebhookActionError(caught: unknown): string {
  return describeError(caught, {
    ACTOR_TWO_FACTOR_REQUIRED: needsOwnTwoFactor,
    CONFLICT: 'This delivery is being tried already; its next attempt shows in the log.',
    NOT_FOUND: 'This endpoint or delivery no longer exists. The list is reloaded.',
  }).message;
}
