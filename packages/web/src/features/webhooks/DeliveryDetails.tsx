import type { WebhookDeliveryRowFragment } from '../../gql/graphql';
import { formatDateTime } from '../../lib/format';
import { CopyButton } from '../../ui/CopyButton';
import { describeAttemptError, formatLogTime } from './delivery-labels';

/** One delivery opened: its id, every attempt (status, duration, why it failed) and the JSON sent. */
export function DeliveryDetails({ delivery, now }: { delivery: WebhookDeliveryRowFragment; now: number }) {
  const json = JSON.stringify(delivery.payload, null, 2);
  return (
    <div className="delivery-details">
      <dl className="facts facts--wide">
        <div>
          <dt>Event id</dt>
          <dd>
            <code>{delivery.eventId}</code> <span className="muted">(the webhook-id header, the same on every attempt)</span>
          </dd>
        </div>
        <div>
          <dt>Queued</dt>
          <dd>{formatDateTime(delivery.createdAt)}</dd>
        </div>
        {delivery.deliveredAt && (
          <div>
            <dt>Delivered</dt>
            <dd>{formatDateTime(delivery.deliveredAt)}</dd>
          </div>
        )}
      </dl>
      <h4 className="delivery-details__title">Attempts</h4>
      {delivery.attemptLog.length === 0 ? (
        <p className="muted small">Not tried yet: the first attempt goes in a moment.</p>
      ) : (
        // Focusable: on a phone it scrolls sideways, and keyboard users must be able to scroll it too.
        <div className="attempts-wrap" tabIndex={0} role="region" aria-label={`The attempts for ${delivery.eventType}`}>
          <table className="attempts">
            <thead>
              <tr>
                <th scope="col">Attempt</th>
                <th scope="col">When</th>
                <th scope="col">Status</th>
                <th scope="col">Duration</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {delivery.attemptLog.map((attempt) => {
                const failure = attempt.error ? describeAttemptError(attempt.error) : null;
                return (
                  <tr key={attempt.attempt}>
                    <td>{attempt.attempt}</td>
                    <td>
                      <time dateTime={attempt.at} title={formatDateTime(attempt.at)}>
                        {formatLogTime(attempt.at, now)}
                      </time>
                    </td>
                    <td>
                      <HttpStatus status={attempt.status} />
                    </td>
                    <td>{attempt.durationMs} ms</td>
                    <td>
                      {failure ? (
                        <>
                          <span className="is-bad">{failure.words}</span>
                          {failure.detail && <code className="attempts__detail">{failure.detail}</code>}
                        </>
                      ) : (
                        <span className="is-good">Delivered</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <div className="delivery-details__payload-head">
        <h4 className="delivery-details__title">Payload</h4>
        <CopyButton text={json} label="Copy the JSON" size="small" variant="ghost" />
      </div>
      {/* Focusable: it scrolls, and keyboard users must be able to scroll it too. */}
      <pre className="payload" tabIndex={0} role="region" aria-label={`The JSON sent for ${delivery.eventType}`}>
        <code>{json}</code>
      </pre>
    </div>
  );
}

/** An HTTP status, green for 2xx; "no answer" when none came (a timeout, a refused connection). */
export function HttpStatus({ status }: { status: number | null }) {
  if (status === null) return <span className="muted">No answer</span>;
  return <span className={status >= 200 && status < 300 ? 'http-status is-good' : 'http-status is-bad'}>{status}</span>;
}
