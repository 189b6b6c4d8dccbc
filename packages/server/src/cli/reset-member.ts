import { ErrorCode } from '@twostep/shared';
import { sql } from '../core/database/sql.js';
import { DomainError } from '../core/errors.js';
import { validEmail } from '../modules/accounts/index.js';
import { AuditAction } from '../modules/audit/index.js';
import type { OperatorRuntime } from './operator-runtime.js';

export function checkResetMember(input: { email: string }): { email: string } {
  return { email: validEmail(input.email) };
}

/**
 * `twostep reset-member`: for a person who lost their authenticator and recovery codes and whom no
 * organization can reset (an EXTERNAL member, or the last legal representative). Every second
 * factor goes and every session ends, in one transaction with the notice mail and the audit events
 * of each of their organizations. A running server sees it at the person's next request (the gate
 * reads the account's state with the session). This process publishes no live events: its event hub
 * reaches no server's subscribers.
 */
export async function resetMember(runtime: OperatorRuntime, input: { email: string }): Promise<string[]> {
  const { services, orm } = runtime;
  const em = orm.em.fork();
  const user = await services.accounts.findByEmail(em, input.email);
  if (!user) throw new DomainError(ErrorCode.NOT_FOUND, `No account has the e-mail ${input.email}.`, { field: 'email' });
  const { ended, mailId } = await em.transactional(async (tx) => {
    await services.twoFactor.resetAll(tx, user.id);
    const sessions = await services.sessions.revokeAll(tx, user.id);
    const notice = services.mail.queue(tx, {
      to: user.email,
      template: 'second-factor-reset',
      data: { name: user.displayName, by: 'An operator', organization: null },
    });
    await tx.flush();
    await services.audit.recordForMemberships(tx, user.id, AuditAction.SECOND_FACTORS_RESET, {}, { by: 'operator' });
    return { ended: sessions, mailId: notice.id };
  });
  const organizations = await sql<{ name: string }>(
    em,
    `select o.name from membership m join organization o on o.id = m.organization_id where m.user_id = ? order by o.name`,
    [user.id],
  );
  const mail = await runtime.deliverMail(mailId);
  return [
    `Reset the second factors of ${user.email}; ${ended.length} session${ended.length === 1 ? '' : 's'} ended.`,
    mail.sent
      ? 'The notice was mailed.'
      : `The notice is not sent yet (${mail.lastError ?? 'no attempt finished'}): the server retries it.`,
    organizations.length > 0
      ? `Recorded in the audit log of: ${organizations.map((o) => o.name).join(', ')}.`
      : 'The account belongs to no organization.',
  ];
}
