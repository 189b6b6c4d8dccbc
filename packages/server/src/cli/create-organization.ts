import { MembershipKind } from '@twostep/shared';
import { badInput } from '../core/errors.js';
import { validDisplayName, validEmail } from '../modules/accounts/index.js';
import { acceptanceLink } from '../modules/invitations/index.js';
import type { OperatorRuntime } from './operator-runtime.js';

export interface CreateOrganizationInput {
  name: string;
  legalRepresentative: string;
  /** The first legal representative's kind: INTERNAL (default) makes this organization their home. */
  kind: MembershipKind;
}

/** Checks the arguments before anything opens: bad input changes nothing. */
export function checkCreateOrganization(input: { name: string; legalRepresentative: string; kind?: string }): CreateOrganizationInput {
  const kind = input.kind?.trim().toUpperCase() ?? MembershipKind.INTERNAL;
  if (kind !== MembershipKind.INTERNAL && kind !== MembershipKind.EXTERNAL) throw badInput('kind', 'The kind is INTERNAL or EXTERNAL.');
  return {
    name: validDisplayName(input.name, 'name'),
    legalRepresentative: validEmail(input.legalRepresentative, 'legalRepresentative'),
    kind,
  };
}

/**
 * `twostep create-organization`: the organization, the invitation of its first legal
 * representative and its mail, in one transaction; then one delivery round. Prints the link too,
 * so the operator can hand it over should the mail not arrive.
 */
export async function createOrganization(runtime: OperatorRuntime, input: CreateOrganizationInput): Promise<string[]> {
  const { services, orm } = runtime;
  const issued = await services.invitations.createOrganization(orm.em.fork(), input);
  const mail = await runtime.deliverMail(issued.mailId);
  const { invitation } = issued;
  return [
    `Created the organization "${input.name}" (${invitation.organizationId}).`,
    mail.sent
      ? `Invited ${invitation.email} as its ${input.kind.toLowerCase()} legal representative; the invitation mail was sent.`
      : `Invited ${invitation.email} as its ${input.kind.toLowerCase()} legal representative; the mail is not sent yet (${mail.lastError ?? 'no attempt finished'}): the server retries it.`,
    `The invitation expires at ${invitation.expiresAt.toISOString()}. Acceptance link:`,
    acceptanceLink(services.config.publicUrl, issued.token),
  ];
}
