import type { EntityManager } from '@mikro-orm/postgresql';
import { roleHolderContacts } from './memberships.js';
import { escapeHtml, layoutHtml, type MailQueue, type MailTemplate } from '../../core/mail/index.js';

/**
 * When protection weakens (the requirement lifted, a scheduled date cancelled or moved later, a
 * member exempted, or a `policy:write` token changing the plan), every legal representative of the
 * organization is told, in the transaction of the change (PRODUCT.md, "Rollout").
 */
export const protectionMailTemplates: Record<string, MailTemplate> = {
  /** Three days before an exemption ends: to the member (`data.forMember`), and to each administrator. */
  'exemption-ending': (data, env, concerning) => {
    const organization = String(data.organization);
    const until = String(data.until);
    const forMember = data.forMember === true;
    const subject = forMember
      ? `Your exemption from ${organization}'s two-step verification ends soon`
      : `${organization}: ${String(data.member)}'s exemption ends soon`;
    const link = forMember
      ? `${env.publicUrl}/account/two-factor?organization=${encodeURIComponent(concerning?.organizationId ?? '')}`
      : `${env.publicUrl}/orgs/${encodeURIComponent(concerning?.organizationId ?? '')}/members`;
    const lines = forMember
      ? [
          `Hello ${String(data.name)},`,
          `${organization} exempted you from its two-step verification requirement until ${until}. After that, without 2FA you can no longer use the web console and web apps (the desktop and mobile apps keep working).`,
          'Set it up now: it takes about two minutes.',
        ]
      : [
          `Hello ${String(data.name)},`,
          `The exemption of ${String(data.member)} from the two-step verification requirement of ${organization} ends ${until} (reason: ${String(data.reason)}). Without 2FA by then, they will be blocked in the web console and web apps.`,
        ];
    return {
      subject,
      text: `${lines.join('\n\n')}\n\n${link}\n`,
      html: layoutHtml(
        subject,
        `${lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')}\n<p><a href="${escapeHtml(link)}">${forMember ? 'Set up two-step verification' : 'Open the member list'}</a></p>`,
      ),
    };
  },

  'protection-weakened': (data, env, concerning) => {
    const organization = String(data.organization);
    const subject = `${organization}: ${String(data.headline)}`;
    const link = `${env.publicUrl}/orgs/${encodeURIComponent(concerning?.organizationId ?? '')}/security`;
    const lines = [
      `Hello ${String(data.name)},`,
      `${String(data.change)} (by ${String(data.by)}).`,
      `You receive this because you are a legal representative of ${organization}: every change that weakens its two-step verification requirement is sent to each of you. The audit log shows it too.`,
    ];
    return {
      subject,
      text: `${lines.join('\n\n')}\n\n${link}\n`,
      html: layoutHtml(
        subject,
        `${lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')}
<p><a href="${escapeHtml(link)}">Open the security settings</a></p>`,
      ),
    };
  },
};

/** Queues the mail to every legal representative of the organization, in the caller's transaction. */
export async function mailLegalRepresentatives(
  tx: EntityManager,
  mail: Pick<MailQueue, 'queue'>,
  weakened: { organizationId: string; organizationName: string; headline: string; change: string; by: string },
): Promise<void> {
  const people = await roleHolderContacts(tx, weakened.organizationId, ['LEGAL_REPRESENTATIVE']);
  for (const person of people) {
    mail.queue(tx, {
      to: person.email,
      template: 'protection-weakened',
      concerning: { organizationId: weakened.organizationId, userId: person.user_id },
      data: {
        name: person.display_name,
        organization: weakened.organizationName,
        headline: weakened.headline,
        change: weakened.change,
        by: weakened.by,
      },
    });
  }
}
