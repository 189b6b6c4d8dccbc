import { escapeHtml, layoutHtml, mailDate, type MailTemplate } from '../../core/mail/index.js';

/**
 * The alert of the founding document: from the no-reply address, names the organization and who
 * asked, says why and how to enable 2FA, and links to the console's setup page.
 */
export const alertMailTemplates: Record<string, MailTemplate> = {
  'two-factor-alert': (data, env, concerning) => {
    const organization = String(data.organization);
    const requester = String(data.requester);
    const link = `${env.publicUrl}/account/two-factor?organization=${encodeURIComponent(concerning?.organizationId ?? '')}`;
    // A reminder of a scheduled requirement names the date (and, at the switch, says it has come).
    const deadline =
      typeof data.deadline === 'string'
        ? mailDate(new Date(data.deadline), typeof data.timeZone === 'string' ? data.timeZone : 'UTC')
        : null;
    const atSwitch = deadline !== null && Number(data.reminderOffset) === 0;
    const subject = atSwitch
      ? `${organization} now requires two-step verification`
      : deadline
        ? `${organization} requires two-step verification from ${deadline}`
        : `${organization} asks you to enable two-step verification`;
    const lines = [
      `Hello ${String(data.name)},`,
      atSwitch
        ? `From now on, ${organization} requires two-step verification (2FA) on your Twostep account: until you set it up, you can no longer use the web console and web apps.`
        : deadline
          ? `${organization} requires two-step verification (2FA) on your Twostep account from ${deadline}. This is a reminder sent on behalf of ${requester}.`
          : `${requester} of ${organization} asks you to enable two-step verification (2FA) on your Twostep account.`,
      'Why: with 2FA, a stolen or guessed password is not enough to enter your account. Your organization may soon require it: without it, you would no longer be able to use the web console and web apps (the desktop and mobile apps keep working).',
      'How: open the link below, sign in, scan the QR code with an authenticator app (or type the key it shows), enter the six-digit code the app gives you, and keep the recovery codes somewhere safe. It takes about two minutes.',
    ];
    return {
      subject,
      text: `${lines.join('\n\n')}\n\n${link}\n`,
      html: layoutHtml(
        subject,
        `${lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')}
<p><a href="${escapeHtml(link)}" style="display:inline-block;background:#4338ca;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">Set up two-step verification</a></p>`,
      ),
    };
  },
};
