import { expect } from 'vitest';
import type { Factory, TestUser } from '../support/factory.js';
import type { GraphQLClient } from '../support/graphql-client.js';
import type { ReceivedMail, SmtpSink } from '../support/smtp-sink.js';

/** The operations the console uses for invitations, as an integrator would write them. */
export const INVITATION_FIELDS = `id email role kind state invitedBy { userId tokenId name } createdAt expiresAt lastSentAt acceptedAt revokedAt`;
export const INVITE = `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { ${INVITATION_FIELDS} } }`;
export const RESEND = `mutation($input: InvitationRefInput!) { resendInvitation(input: $input) { ${INVITATION_FIELDS} } }`;
export const REVOKE = `mutation($input: InvitationRefInput!) { revokeInvitation(input: $input) { ${INVITATION_FIELDS} } }`;
export const LIST = `query($id: ID!, $state: InvitationState) { invitations(organizationId: $id, state: $state) { ${INVITATION_FIELDS} } }`;
export const PREVIEW = `query($token: String!) { invitationPreview(token: $token) {
  organizationName email role kind expiresAt invitedBy accountExists twoFactorRequired } }`;
export const ACCEPT = `mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) {
  organizationId organizationName role kind accountCreated twoFactorRequired twoFactorSetupRequired } }`;

export const DAY_MS = 24 * 3600_000;

export interface Administered {
  organization: { id: string; name: string };
  admin: TestUser;
  console: GraphQLClient;
}

/** An organization with one person of `role` signed in to the console. */
export async function administered(
  factory: Factory,
  role: 'LEGAL_REPRESENTATIVE' | 'ADMINISTRATOR' | 'USER' = 'ADMINISTRATOR',
  options: { twoFactorRequired?: boolean } = {},
): Promise<Administered> {
  const organization = await factory.organization(undefined, options);
  const admin = await factory.user({ twoFactor: true });
  await factory.member(organization.id, admin.id, role);
  return { organization, admin, console: await factory.client(admin) };
}

let counter = 0;
/** A fresh address nobody uses yet. */
export function newAddress(prefix = 'invitee'): string {
  counter += 1;
  return `${prefix}${counter}-${Math.random().toString(36).slice(2, 8)}@example.test`;
}

/** Whether a mail went to `address` (compared case-insensitively, as mail servers do). */
export const sentTo =
  (address: string) =>
  (mail: ReceivedMail): boolean =>
    mail.to.some((to) => to.toLowerCase() === address.toLowerCase());

/** The token of the acceptance link in a mail's text. */
export function tokenOf(mail: ReceivedMail): string {
  const match = /\/invitations\/accept\?token=([A-Za-z0-9_%-]+)/.exec(mail.text);
  expect(match, `no acceptance link in: ${mail.text}`).not.toBeNull();
  return decodeURIComponent(match![1]!);
}

/** Waits for the `nth` (1-based) invitation mail to `address` and returns its token. */
export async function invitationToken(smtp: SmtpSink, address: string, nth = 1): Promise<string> {
  await smtp.waitFor(() => smtp.to(address).filter(isInvitation).length >= nth);
  return tokenOf(smtp.to(address).filter(isInvitation)[nth - 1]!);
}

const isInvitation = (mail: ReceivedMail): boolean => /invited you to/.test(mail.subject);

/** Invites through the API and returns the invitation and the token from its mail. */
export async function invite(
  smtp: SmtpSink,
  { organization, console }: Administered,
  input: { email?: string; role?: string; kind?: string } = {},
): Promise<{ invitation: any; token: string; email: string }> {
  const email = input.email ?? newAddress();
  const data = await console.ok(INVITE, {
    input: { organizationId: organization.id, email, role: input.role ?? 'USER', kind: input.kind ?? 'INTERNAL' },
  });
  return { invitation: data.inviteMember, token: await invitationToken(smtp, email), email };
}

/** The audit events of an organization with one of `actions`, oldest first. */
export function auditRows(factory: Factory, organizationId: string, actions: string[]): Promise<Record<string, any>[]> {
  return factory.query(
    `select action, actor_user_id, actor_token_id, target_user_id, data from audit_event
     where organization_id = ? and action in (?) order by id`,
    [organizationId, actions],
  );
}
