import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react';
import { Link, useLocation, useNavigate } from 'react-router';
import type { MemberColumn, MemberOrderField, MemberRowFragment, OrderDirection } from '../../gql/graphql';
import { formatDate, formatRelative } from '../../lib/format';
import { kindLabels, roleLabels } from '../organizations/organization-labels';
import { ComplianceBadge } from './ComplianceBadge';
import { columnLabels, columnOrder, methodKindsText, onlyAnApp, sortFields } from './member-labels';
import { SecurityStatus } from './SecurityStatus';

export interface MembersTableProps {
  organizationName: string;
  members: MemberRowFragment[];
  columns: MemberColumn[];
  /** The organization accepts only security keys and passkeys: an app alone is marked as not counting. */
  keysOnly?: boolean;
  sort: MemberOrderField;
  direction: OrderDirection;
  onSort: (field: MemberOrderField, direction: OrderDirection) => void;
  busy: boolean;
}

/** Columns that give way on a phone, where the name (with the e-mail under it), role and Security stay. */
const optionalOnNarrow: MemberColumn[] = ['EMAIL', 'KIND', 'JOINED', 'LAST_ALERTED'];
const columnClass = (column: MemberColumn): string =>
  [`table__col--${column.toLowerCase()}`, optionalOnNarrow.includes(column) ? 'table__col--optional' : ''].filter(Boolean).join(' ');

/** The kinds of method, small under the shield; an app that does not count here is marked. */
function MethodsNote({ member, keysOnly }: { member: MemberRowFragment; keysOnly: boolean }) {
  if (member.methodKinds.length === 0) return null;
  const notCounted = keysOnly && onlyAnApp(member.methodKinds);
  const full = `${methodKindsText(member.methodKinds)}${notCounted ? ' (does not count here)' : ''}`;
  return (
    <span className={notCounted ? 'security-cell__methods is-not-accepted' : 'security-cell__methods'} title={full}>
      <span aria-hidden="true">{methodKindsText(member.methodKinds, 'short')}</span>
      <span className="visually-hidden">{full}</span>
    </span>
  );
}

function cell(column: MemberColumn, member: MemberRowFragment, keysOnly: boolean) {
  switch (column) {
    case 'NAME':
      return null; // drawn by the row: it is the link
    case 'EMAIL':
      return <span className="table__email">{member.email}</span>;
    case 'ROLE':
      return roleLabels[member.role];
    case 'KIND':
      return kindLabels[member.kind].replace(' member', '');
    case 'SECURITY':
      // The shield says 2FA or not, with the kinds of method small under it; what the organization
      // makes of it goes under the name.
      return (
        <span className="security-cell">
          <SecurityStatus enabled={member.twoFactorEnabled} />
          <MethodsNote member={member} keysOnly={keysOnly} />
        </span>
      );
    case 'JOINED':
      return formatDate(member.joinedAt);
    case 'LAST_ALERTED':
      return member.lastAlertedAt ? (
        <span title={formatDate(member.lastAlertedAt)}>{formatRelative(member.lastAlertedAt)}</span>
      ) : (
        <span className="muted">Never</span>
      );
  }
}

/** The members, one row each; a row opens the member's details. Sorting happens on the server. */
export function MembersTable({ organizationName, members, columns, keysOnly = false, sort, direction, onSort, busy }: MembersTableProps) {
  const location = useLocation();
  const navigate = useNavigate();
  const shown = columnOrder.filter((column) => columns.includes(column));
  const detailsPath = (member: MemberRowFragment): string => `${member.id}${location.search}`;

  return (
    <div className="table-wrap" role="region" aria-label={`Members of ${organizationName}`} tabIndex={0}>
      <table className="table" aria-busy={busy || undefined}>
        <thead>
          <tr>
            {shown.map((column) => {
              const field = sortFields[column];
              const active = field === sort;
              const ariaSort = active ? (direction === 'ASC' ? 'ascending' : 'descending') : undefined;
              return (
                <th key={column} scope="col" aria-sort={ariaSort} className={columnClass(column)}>
                  {field ? (
                    <button
                      type="button"
                      className="table__sort"
                      onClick={() => onSort(field, active && direction === 'ASC' ? 'DESC' : 'ASC')}
                    >
                      {columnLabels[column]}
                      {active ? (
                        direction === 'ASC' ? (
                          <ArrowUp size={14} aria-hidden="true" />
                        ) : (
                          <ArrowDown size={14} aria-hidden="true" />
                        )
                      ) : (
                        <ArrowUpDown size={14} aria-hidden="true" className="table__sort-idle" />
                      )}
                    </button>
                  ) : (
                    columnLabels[column]
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <tr
              key={member.id}
              className="table__row--link"
              data-member-id={member.id}
              // The name is the link for keyboards and screen readers; the whole row answers the mouse.
              onClick={(event) => {
                if ((event.target as HTMLElement).closest('a, button')) return;
                void navigate(detailsPath(member));
              }}
            >
              {shown.map((column) =>
                column === 'NAME' ? (
                  <th key={column} scope="row" className="table__name">
                    <Link to={detailsPath(member)} className="table__link">
                      {member.displayName}
                    </Link>
                    <span className={columns.includes('EMAIL') ? 'table__sub table__sub--narrow' : 'table__sub'}>{member.email}</span>
                    {columns.includes('SECURITY') && <ComplianceBadge member={member} inline />}
                  </th>
                ) : (
                  <td key={column} className={columnClass(column)}>
                    {cell(column, member, keysOnly)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
