import { formatDate, formatDateTime } from '../../lib/format';
import { roleLabels } from '../organizations/organization-labels';
import type { EvidenceMember } from './use-evidence-report';
import { ScrollTable } from './ScrollTable';

/** A member without 2FA as the report states them: exempt, in their window, not compliant, or blocked since when. */
export function memberStateText(member: EvidenceMember): string {
  switch (member.compliance) {
    case 'EXEMPT':
      return member.exemption?.expiresAt ? `Exempt until ${formatDate(member.exemption.expiresAt)}` : 'Exempt, no end date';
    case 'IN_WINDOW':
      return member.deadline ? `In their window until ${formatDateTime(member.deadline)}` : 'In their window';
    case 'NON_COMPLIANT':
      return member.blockedSince ? `Blocked since ${formatDateTime(member.blockedSince)}` : 'Not compliant (2FA not required now)';
    default:
      return 'Compliant';
  }
}

function Name({ member }: { member: EvidenceMember }) {
  return (
    <th scope="row" className="evidence-table__name">
      {member.displayName}
      <span className="table__sub">{member.email}</span>
    </th>
  );
}

/** The exemptions in force: the reason, until when, and who granted them. */
export function EvidenceExemptions({ members }: { members: readonly EvidenceMember[] }) {
  if (members.length === 0) return <p className="muted">No member is exempt.</p>;
  return (
    <ScrollTable label="Exemptions in force">
      <table className="table evidence-table">
        <caption className="visually-hidden">Exemptions in force</caption>
        <thead>
          <tr>
            <th scope="col">Member</th>
            <th scope="col">Reason</th>
            <th scope="col">Until</th>
            <th scope="col">Granted by</th>
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <tr key={member.id}>
              <Name member={member} />
              <td>{member.exemption?.reason ?? '—'}</td>
              <td>{member.exemption?.expiresAt ? formatDate(member.exemption.expiresAt) : 'No end date'}</td>
              <td>
                {member.exemption?.createdBy?.name ?? '—'}
                {member.exemption && <span className="table__sub">{formatDate(member.exemption.createdAt)}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}

/** Every member without an accepted second factor, with their state. */
export function EvidenceWithoutTwoFactor({ members }: { members: readonly EvidenceMember[] }) {
  if (members.length === 0) return <p className="muted">Every member has an accepted second factor.</p>;
  return (
    <ScrollTable label="Members without two-step verification">
      <table className="table evidence-table">
        <caption className="visually-hidden">Members without two-step verification</caption>
        <thead>
          <tr>
            <th scope="col">Member</th>
            <th scope="col">Role</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <tr key={member.id} data-compliance={member.compliance}>
              <Name member={member} />
              <td>{roleLabels[member.role]}</td>
              <td>{memberStateText(member)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}
