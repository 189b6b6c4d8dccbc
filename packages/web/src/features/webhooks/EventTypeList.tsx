import type { WebhookEventType } from '../../gql/graphql';
import { eventTypeLabels, eventTypeOrder } from './event-type-labels';

/** The events an endpoint receives, as their dotted types (the readable name on hover). */
export function EventTypeList({ types }: { types: WebhookEventType[] }) {
  const all = types.length === eventTypeOrder.length;
  return (
    <p className="event-list">
      <span className="event-list__count">
        {all ? `All ${types.length} events` : `${types.length} event${types.length === 1 ? '' : 's'}`}
      </span>
      {!all &&
        eventTypeOrder
          .filter((type) => types.includes(type))
          .map((type) => (
            <code key={type} title={eventTypeLabels[type].label}>
              {eventTypeLabels[type].wire}
            </code>
          ))}
    </p>
  );
}
