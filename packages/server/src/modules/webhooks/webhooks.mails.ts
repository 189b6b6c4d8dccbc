import { escapeHtml, layoutHtml, type MailTemplate } from '../../core/mail/index.js';

export const webhookMailTemplates: Record<string, MailTemplate> = {
  /** An endpoint failed every attempt for 24 hours and was switched off: to each administrator. */
  'webhook-disabled': (data, env, concerning) => {
    const organization = String(data.organization);
    const subject = `${organization}: a webhook endpoint was switched off`;
    const link = `${env.publicUrl}/orgs/${encodeURIComponent(concerning?.organizationId ?? '')}/webhooks`;
    const lines = [
      `Hello ${String(data.name)},`,
      `Every delivery to ${String(data.url)} failed for 24 hours, so Twostep switched this webhook endpoint off. Its events are kept: fix the receiver, switch the endpoint on again in the console, and redeliver what it missed from its delivery log.`,
    ];
    return {
      subject,
      text: `${lines.join('\n\n')}\n\n${link}\n`,
      html: layoutHtml(
        subject,
        `${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n')}\n<p><a href="${escapeHtml(link)}">Open the webhooks</a></p>`,
      ),
    };
  },
};
