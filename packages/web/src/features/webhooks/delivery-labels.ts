import type { WebhookDeliveryRowFragment, WebhookEndpointRowFragment } from '../../gql/graphql';
import { formatRelative } from '../../lib/format';

type Tone = 'success' | 'danger' | 'warning' | 'info' | 'neutral';

/** A delivery's state in words: delivered, failed for good, waiting for its next try, or queued. */
export function deliveryBadge(delivery: WebhookDeliveryRowFragment): { label: string; tone: Tone } {
  if (delivery.state === 'DELIVERED') return { label: 'Delivered', tone: 'success' };
  if (delivery.state === 'FAILED') return { label: 'Failed', tone: 'danger' };
  return delivery.attempts > 0 ? { label: 'Retrying', tone: 'warning' } : { label: 'Queued', tone: 'info' };
}

/** An endpoint's state: on, failing (still on), switched off by Twostep after failures, or by a person. */
export function endpointBadge(endpoint: WebhookEndpointRowFragment): { label: string; tone: Tone } {
  if (!endpoint.enabled)
    return endpoint.disabledAt ? { label: 'Switched off after failures', tone: 'danger' } : { label: 'Switched off', tone: 'neutral' };
  // Since when: in the notice under it.
  if (endpoint.failingSince) return { label: 'Failing', tone: 'warning' };
  return { label: 'Active', tone: 'success' };
}

/** The stable first word of an attempt's error (see the schema's `WebhookAttempt.error`), in words. */
const attemptErrors: Record<string, string> = {
  ADDRESS_REFUSED: 'Not sent: the address is not public',
  DNS: 'The host name could not be resolved',
  TIMEOUT: 'No answer within 10 seconds',
  CONNECTION: 'The connection failed',
  REDIRECT: 'Answered with a redirect, which is not followed',
  STATUS: 'Answered with a status other than 2xx',
};

/** "The connection failed" and the technical rest ("ECONNREFUSED"), from "CONNECTION: ECONNREFUSED". */
export function describeAttemptError(error: string): { words: string; detail?: string } {
  const [word = '', ...rest] = error.split(':');
  const detail = rest.join(':').trim() || undefined;
  const words = attemptErrors[word.trim()];
  return words ? { words, detail } : { words: error };
}

const timeWithSeconds = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });
const dateTimeWithSeconds = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** A moment of the log to the second ("14:35:12", the date added when not today): deliveries come seconds apart. */
export function formatLogTime(iso: string, now: number = Date.now()): string {
  const at = new Date(iso);
  return at.toDateString() === new Date(now).toDateString() ? timeWithSeconds.format(at) : dateTimeWithSeconds.format(at);
}

/** When the next try goes: "14:35:12" and "in 4 seconds", or "due now" once its moment has come. */
export function nextTry(iso: string, now: number = Date.now()): { at: string; soon: string } {
  const seconds = Math.ceil((new Date(iso).getTime() - now) / 1000);
  const soon = seconds <= 0 ? 'due now' : seconds < 60 ? `in ${seconds} second${seconds === 1 ? '' : 's'}` : formatRelative(iso, now);
  return { at: formatLogTime(iso, now), soon };
}
