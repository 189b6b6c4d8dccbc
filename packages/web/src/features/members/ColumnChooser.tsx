import { useMutation, useQuery } from '@apollo/client/react';
import { Columns3 } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { MemberListColumnsDocument, SetMemberListColumnsDocument, type MemberColumn } from '../../gql/graphql';
import { describeError } from '../../lib/errors/describe-error';
import { columnLabels, columnOrder } from './member-labels';

/** The columns shown until the saved choice has loaded (the server's defaults). */
export const defaultColumns: MemberColumn[] = ['NAME', 'EMAIL', 'ROLE', 'KIND', 'SECURITY', 'LAST_ALERTED'];

export function useMemberColumns(organizationId: string): MemberColumn[] {
  const { data } = useQuery(MemberListColumnsDocument, { variables: { organizationId } });
  return data?.memberListColumns ?? defaultColumns;
}

/**
 * Which columns the member list shows (the Security column among them). The choice is saved for
 * this administrator at once; the name always stays.
 */
export function ColumnChooser({ organizationId, columns }: { organizationId: string; columns: MemberColumn[] }) {
  const [save] = useMutation(SetMemberListColumnsDocument);
  const [error, setError] = useState<string | null>(null);
  const details = useRef<HTMLDetailsElement>(null);

  // Closes on a click elsewhere or on Escape, as a menu would.
  useEffect(() => {
    const onPointer = (event: PointerEvent): void => {
      if (details.current?.open && !details.current.contains(event.target as Node)) details.current.open = false;
    };
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape' && details.current?.open) {
        details.current.open = false;
        details.current.querySelector('summary')?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, []);

  const toggle = (column: MemberColumn, shown: boolean): void => {
    setError(null);
    const next = columnOrder.filter((c) => (c === column ? shown : columns.includes(c)));
    save({
      variables: { input: { organizationId, columns: next } },
      optimisticResponse: { setMemberListColumns: next },
      update: (cache, { data }) => {
        if (data)
          cache.writeQuery({
            query: MemberListColumnsDocument,
            variables: { organizationId },
            data: { memberListColumns: data.setMemberListColumns },
          });
      },
    }).catch((caught: unknown) => setError(describeError(caught).message));
  };

  return (
    <details className="popover" ref={details}>
      <summary className="btn btn--secondary">
        <Columns3 size={16} aria-hidden="true" />
        Columns
      </summary>
      <fieldset className="popover__panel fieldset">
        <legend className="field__label">Show these columns</legend>
        {columnOrder.map((column) => (
          <label key={column} className="check">
            <input
              type="checkbox"
              checked={columns.includes(column)}
              disabled={column === 'NAME'}
              onChange={(event) => toggle(column, event.target.checked)}
            />
            <span>{columnLabels[column]}</span>
          </label>
        ))}
        <p className="muted small">Your choice is remembered for you in this organization.</p>
        {error && (
          <p className="field__error" role="alert">
            {error}
          </p>
        )}
      </fieldset>
    </details>
  );
}
