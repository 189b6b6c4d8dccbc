import type { MembershipKind, Role } from '@twostep/shared';
import { escapeHtml, layoutHtml, type MailData, type MailTemplate, type QueueMail } from '../../core/mail/index.js';

const roleNames: Record<string, string> = {
  LEGAL_REPRESENTATIVE: 'legal representative',
  ADMINISTRATOR: 'administrator',
  USER: 'member',
};

/** The link the console opens to accept; the token is the only secret in the message. */
export function acceptanceLink(publicUrl: string, token: string): string {
  return `${publicUrl}/invitations/accept?token=${encodeURIComponent(token)}`;
}

function facts(data: MailData): { organization: string; by: string; role: string; until: string; requires: boolean } {
  const expires = new Date(String(data.expiresAt));
  return {
    organization: String(data.organization),
    by: String(data.invitedBy),
    role: roleNames[String(data.role)] ?? String(data.role),
    until: Number.isNaN(expires.getTime()) ? 'seven days' : `${expires.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    requires: data.twoFactorRequired === true,
  };
}

const invitation: MailTemplate = (data, env) => {
  const f = facts(data);
  const link = acceptanceLink(env.publicUrl, String(data.token));
  const subject = `${f.by} invited you to ${f.organization} on Twostep`;
  const paragraphs = [
    'Hello,',
    `${f.by} invited you to join ${f.organization} on Twostep as ${f.role === 'administrator' ? 'an' : 'a'} ${f.role}.`,
    'Open this link to accept. If you have no Twostep account yet, you will choose a name and a password; if you have one, sign in with it.',
    ...(f.requires ? [`${f.organization} requires two-step verification: right after joining you will set up an authenticator app.`] : []),
    `The link works once, until ${f.until}. If you did not expect this invitation, ignore this message.`,
  ];
  const text = [...paragraphs.slice(0, 3), link, ...paragraphs.slice(3)].join('\n\n');
  const html = [
    ...paragraphs.slice(0, 3).map((p) => `<p>${escapeHtml(p)}</p>`),
    `<p><a href="${escapeHtml(link)}" style="display:inline-block;background:#4338ca;color:#fff;padding:8px 16px;border-radius:6px;text-decoration:none">Accept the invitation</a></p>`,
    `<p style="font-size:12px;color:#6b7280">Or paste this address into your browser: ${escapeHtml(link)}</p>`,
    ...paragraphs.slice(3).map((p) => `<p>${escapeHtml(p)}</p>`),
  ].join('\n');
  return { subject, text: `${text}\n`, html: layoutHtml(subject, html) };
};

/** The invitation mail, sent at creation and at each resend. */
export const invitationMailTemplates: Record<string, MailTemplate> = { invitation };

/** The queued message of one invitation link; rendered at delivery from these facts. */
export function invitationMail(
  invitation: { email: string; role: Role; kind: MembershipKind; organizationName: string; twoFactorRequired: boolean },
  link: { token: string; expiresAt: Date; invitedBy: string },
): QueueMail {
  return {
    to: invitation.email,
    template: 'invitation',
    data: {
      organization: invitation.organizationName,
      invitedBy: link.invitedBy,
      role: invitation.role,
      kind: invitation.kind,
      twoFactorRequired: invitation.twoFactorRequired,
      expiresAt: link.expiresAt.toISOString(),
      token: link.token,
    },
  };
}
