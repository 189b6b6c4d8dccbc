import type { SecretBox } from '../security/encryption.js';
import type { MailData } from './mail.service.js';

/** Where a queued message keeps its one-time link's token: sealed, never as `token`. */
const SEALED = 'sealedToken';

const context = (messageId: string): string => `mail:${messageId}`;

/**
 * The data as stored: a one-time link's `token` (password reset, e-mail change, invitation)
 * sealed with the server's key (AES-256-GCM) and bound to the message's id. The token's own table
 * keeps only its hash, so a copy of `mail_message` taken while the mail waits gives nobody a
 * usable link; the worker drops the sealed token too once the mail is delivered or given up.
 */
export function sealToken(box: SecretBox, messageId: string, data: MailData): MailData {
  const { token, ...rest } = data;
  if (typeof token !== 'string') return data;
  return { ...rest, [SEALED]: box.seal(token, context(messageId)).toString('base64') };
}

/** The data a template renders from: the token opened again (a message queued before sealing was introduced carries it plain). */
export function openToken(box: SecretBox, messageId: string, data: MailData): MailData {
  const { [SEALED]: sealed, ...rest } = data;
  if (typeof sealed !== 'string') return data;
  return { ...rest, token: box.open(Buffer.from(sealed, 'base64'), context(messageId)) };
}
