import type { MemberRowFragment } from '../../gql/graphql';
import { formatDate, formatDateTime } from '../../lib/format';
import { Badge } from '../../ui/Badge';

type Judged = Pick<MemberRowFragment, 'compliance' | 'deadline' | 'exemption'>;

const labels = { COMPLIANT: 'Compliant', EXEMPT: 'Exempt', IN_WINDOW: 'In window', NON_COMPLIANT: 'Not compliant' } as const;
const tones = { COMPLIANT: 'success', EXEMPT: 'info', IN_WINDOW: 'warning', NON_COMPLIANT: 'danger' } as const;

/** Until when an exemption or a window runs; null for the other two. */
const untilOf = (member: Judged): string | null =>
  member.compliance === 'EXEMPT' ? (member.exemption?.expiresAt ?? null) : member.compliance === 'IN_WINDOW' ? member.deadline : null;

/** The badge's words: "Exempt until 3 Jan 2027", "In window until 18 Dec 2026", … */
export function complianceText(member: Judged): string {
  const until = untilOf(member);
  return until ? `${labels[member.compliance]} until ${formatDate(until)}` : labels[member.compliance];
}

/**
 * What the organization makes of the member now: compliant (a second factor), exempt until a
 * date, in their window until a date, or not compliant (blocked while 2FA is required). `inline`
 * (under a name in the list) keeps the date beside the badge, free to wrap under it.
 */
export function ComplianceBadge({ member, inline = false }: { member: Judged; inline?: boolean }) {
  const until = untilOf(member);
  return (
    <span
      className={inline ? 'compliance-badge compliance-badge--inline' : 'compliance-badge'}
      data-compliance={member.compliance}
      title={until ? formatDateTime(until) : undefined}
    >
      {inline ? (
        <>
          <Badge tone={tones[member.compliance]}>{labels[member.compliance]}</Badge>
          {until && <span className="compliance-badge__until">until {formatDate(until)}</span>}
        </>
      ) : (
        <Badge tone={tones[member.compliance]}>{complianceText(member)}</Badge>
      )}
    </span>
  );
}
