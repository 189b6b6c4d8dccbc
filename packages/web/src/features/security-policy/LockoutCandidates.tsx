import { Link } from 'react-router';
import type { LockoutCandidateRowFragment } from '../../gql/graphql';
import { formatDate, formatDateTime, formatRelative } from '../../lib/format';
import { Badge } from '../../ui/Badge';
import { kindLabels, roleLabels } from '../organizations/organization-labels';
import { clientLabels, clientOrder, usesOnlyApps } from './lockout-labels';

function When({ iso, never }: { iso: string | null; never: string }) {
  if (!iso) return <span className="muted">{never}</span>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatRelative(iso)}
    </time>
  );
}

/** The clients a candidate used in the last 30 days, as labelled icons. */
function Clients({ candidate }: { candidate: LockoutCandidateRowFragment }) {
  const used = clientOrder.filter((client) => candidate.clients.includes(client));
  if (used.length === 0) return <span className="small muted">No sign-in in 30 days</span>;
  return (
    <ul className="clients" aria-label="Used in the last 30 days">
      {used.map((client) => {
        const { label, icon: Icon } = clientLabels[client];
        return (
          <li key={client} className={`client client--${client.toLowerCase()}`}>
            <Icon size={14} aria-hidden="true" />
            {label}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * The people the requirement would block, one row each: name and e-mail, role and kind, when they
 * were last alerted and last signed in on the web, and the clients they used lately. Who used only
 * the apps is marked: the requirement stops the web alone.
 */
export function LockoutCandidates({
  organizationId,
  candidates,
  linkNames,
  busy,
}: {
  organizationId: string;
  candidates: LockoutCandidateRowFragment[];
  /** Names open the member's details (on the page; a confirmation window stays put). */
  linkNames: boolean;
  busy: boolean;
}) {
  return (
    <ul className="list lockout-list" aria-label="Who would be blocked" aria-busy={busy || undefined}>
      {candidates.map((candidate) => {
        const { member } = candidate;
        return (
          <li key={member.id} className="list__item lockout-candidate" data-member-id={member.id}>
            <div className="list__main">
              <span className="lockout-candidate__who">
                <span className="list__title">
                  {linkNames ? (
                    <Link to={`/orgs/${organizationId}/members/${member.id}`} className="table__link">
                      {member.displayName}
                    </Link>
                  ) : (
                    member.displayName
                  )}
                </span>
                <span className="small muted lockout-candidate__email">{member.email}</span>
              </span>
              <span className="small lockout-candidate__facts">
                <span>{roleLabels[member.role]}</span> · <span>{kindLabels[member.kind].replace(' member', '')}</span> ·{' '}
                <span>
                  Last alerted <When iso={member.lastAlertedAt} never="never" />
                </span>{' '}
                ·{' '}
                <span>
                  Last web sign-in{' '}
                  {candidate.lastWebSignInAt ? (
                    <time dateTime={candidate.lastWebSignInAt} title={formatDateTime(candidate.lastWebSignInAt)}>
                      {formatDate(candidate.lastWebSignInAt)}
                    </time>
                  ) : (
                    <span className="muted">never</span>
                  )}
                </span>
              </span>
            </div>
            <div className="lockout-candidate__use">
              <Clients candidate={candidate} />
              {usesOnlyApps(candidate) && <Badge tone="success">Not affected: uses only the apps</Badge>}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
