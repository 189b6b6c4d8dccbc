import { useId } from 'react';
import type { WebhookEventType } from '../../gql/graphql';
import { eventTypeGroups, eventTypeOrder } from './event-type-labels';

/**
 * The events an endpoint receives: readable checkboxes in groups, each with the dotted `type` its
 * JSON carries in small text (what the receiver's code switches on).
 */
export function EventTypeChooser({
  value,
  onChange,
  error,
}: {
  value: WebhookEventType[];
  onChange: (next: WebhookEventType[]) => void;
  error?: string;
}) {
  const id = useId();
  const set = (type: WebhookEventType, on: boolean): void =>
    onChange(on ? eventTypeOrder.filter((t) => t === type || value.includes(t)) : value.filter((t) => t !== type));
  const all = value.length === eventTypeOrder.length;
  return (
    <fieldset className="fieldset event-types" aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="field__label event-types__legend">
        Events to send <span className="muted small">({value.length === 0 ? 'choose at least one' : `${value.length} chosen`})</span>
      </legend>
      <div className="event-types__all">
        <button type="button" className="link-button" onClick={() => onChange(all ? [] : eventTypeOrder)}>
          {all ? 'Choose none' : 'Choose all'}
        </button>
      </div>
      <div className="event-types__groups">
        {eventTypeGroups.map((group) => (
          <fieldset key={group.title} className="fieldset event-types__group">
            <legend className="event-types__group-title">{group.title}</legend>
            {group.types.map(([type, label]) => (
              <label key={type} className="check event-type">
                <input type="checkbox" checked={value.includes(type)} onChange={(event) => set(type, event.target.checked)} />
                <span>
                  <span className="event-type__label">{label.label}</span> <code className="event-type__wire">{label.wire}</code>
                  {label.hint && <span className="muted small event-type__hint">{label.hint}</span>}
                </span>
              </label>
            ))}
          </fieldset>
        ))}
      </div>
      {error && (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}
