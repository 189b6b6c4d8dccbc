import { escapeHtml, layoutHtml, type MailData, type MailTemplate } from '../../core/mail/index.js';

function simple(subject: string, lines: (data: MailData, url: string) => string[]): MailTemplate {
  return (data, env) => {
    const body = lines(data, env.publicUrl);
    return {
      subject,
      text: `${body.join('\n\n')}\n`,
      html: layoutHtml(subject, body.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')),
    };
  };
}

const hello = (data: MailData): string => `Hello ${String(data.name ?? '')},`;
const notYou = 'If this was not you, change your password and contact your administrator at once.';

/** Notices about an account's own security (ASVS 2.5.5) and the links that get a person back in. */
export const accountMailTemplates: Record<string, MailTemplate> = {
  'second-factor-added': simple('A second factor was added to your account', (d, url) => [
    hello(d),
    `${/^[aeiou]/i.test(String(d.method)) ? 'An' : 'A'} ${String(d.method)} was set up for two-step verification on your Twostep account.`,
    notYou,
    `${url}/account`,
  ]),
  'second-factor-removed': simple('A second factor was removed from your account', (d, url) => [
    hello(d),
    d.stillOn
      ? `A ${String(d.method)} was removed from your Twostep account; your other methods still protect it.`
      : `The ${String(d.method)} was removed from your Twostep account; two-step verification is off.`,
    notYou,
    `${url}/account`,
  ]),
  'second-factor-reset': simple('Your second factors were reset', (d, url) => [
    hello(d),
    `${String(d.by)} reset the second factors of your Twostep account${d.organization ? ` for ${String(d.organization)}` : ''}. Set up an authenticator app at your next sign-in.`,
    notYou,
    `${url}/account`,
  ]),
  'recovery-code-used': simple('A recovery code was used', (d, url) => [
    hello(d),
    'One of your recovery codes was used to sign in to Twostep. Each code works once; you can make new ones in your account.',
    notYou,
    `${url}/account`,
  ]),
  'proofs-rate-limited': simple('Repeated wrong passwords or codes on your account', (d, url) => [
    hello(d),
    `Someone signed in to your Twostep account entered a wrong password or code many times. Until ${String(d.until)}, Twostep refuses every password and code check of your account, the right ones too.`,
    'If this was not you, someone may have your session: sign out of every session and change your password in your account.',
    `${url}/account`,
  ]),
  'password-changed': simple('Your password was changed', (d) => [hello(d), 'The password of your Twostep account was changed.', notYou]),
  'password-reset': simple('Reset your Twostep password', (d, url) => [
    hello(d),
    'Someone asked to reset the password of your Twostep account. Open this link within 30 minutes to choose a new one:',
    `${url}/reset-password?token=${encodeURIComponent(String(d.token))}`,
    'Your second factor will still be asked at sign-in. If you did not ask for this, ignore this message.',
  ]),
  'email-change-confirm': simple('Confirm your new e-mail address', (d, url) => [
    hello(d),
    'Open this link within 24 hours to make this the e-mail address of your Twostep account:',
    `${url}/confirm-email?token=${encodeURIComponent(String(d.token))}`,
  ]),
  'email-changed': simple('Your e-mail address was changed', (d) => [
    hello(d),
    `The e-mail address of your Twostep account was changed to ${String(d.newEmail)}.`,
    notYou,
  ]),
};
