import fc from 'fast-check';
import { ErrorCode, MemberColumn } from '@twostep/shared';
import { isLiveCode, type CallerName, type World } from './fuzz-world.js';
import { hostileText, invalidEmail, invalidName, invalidNewPassword, junk, malformedId, unknownId } from './hostile-input.js';

/**
 * Hostile inputs of every mutation, each with the codes a refusal may carry. Every case is invalid
 * by construction (or, where marked `answers`, valid yet harmless: it changes nothing), so the
 * property can demand both a stable code and an unchanged database.
 */
export interface Case {
  as: CallerName;
  input: unknown;
  expect: readonly string[];
  /** The mutation may answer without an error here, as long as it changes nothing. */
  answers?: true;
  /** The gate refuses this caller whatever the input: its code comes first. */
  refused?: true;
}

type Cases = ((world: World) => fc.Arbitrary<Case>) | { exempt: string };

const {
  BAD_USER_INPUT: BAD,
  NOT_FOUND,
  FORBIDDEN,
  CONFLICT,
  PROOF_REQUIRED,
  CONFIRMATION_REQUIRED,
  INVALID_CODE,
  TOKEN_INVALID,
  RATE_LIMITED,
} = ErrorCode;

const one =
  (as: CallerName, expect: readonly string[], answers?: true) =>
  (input: unknown): Case =>
    answers ? { as, input, expect, answers } : { as, input, expect };

const columns = fc.subarray(Object.values(MemberColumn));
const roles = fc.constantFrom('LEGAL_REPRESENTATIVE', 'ADMINISTRATOR', 'USER');
const kinds = fc.constantFrom('INTERNAL', 'EXTERNAL');
const anyBoolean = fc.boolean();
/** Whether this runtime knows the time zone (the server asks the same of Intl). */
function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value.length > 0 && value.length <= 64;
  } catch {
    return false;
  }
}
const daysAhead = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString();

/** An organization id the caller cannot use: malformed (BAD_USER_INPUT), unknown or foreign (NOT_FOUND). */
function badOrganization(world: World): fc.Arbitrary<{ id: string; expect: readonly string[] }> {
  return fc.oneof(
    malformedId.map((id) => ({ id, expect: [BAD] })),
    fc.oneof(unknownId, fc.constant(world.orgB.id)).map((id) => ({ id, expect: [NOT_FOUND] })),
  );
}

/** A user id that is no member of organization A. */
function strangerId(world: World): fc.Arbitrary<{ id: string; expect: readonly string[] }> {
  return fc.oneof(
    malformedId.map((id) => ({ id, expect: [BAD] })),
    fc.oneof(unknownId, fc.constantFrom(world.users.outsider.id, world.users.blocked.id)).map((id) => ({ id, expect: [NOT_FOUND] })),
  );
}

/** A wrong password or code, or none, as a fresh proof. */
function wrongProof(world: World, password: string): fc.Arbitrary<unknown> {
  const text = hostileText.filter((s) => s !== password && !isLiveCode(world, s));
  return fc.oneof(
    fc.constant({}),
    fc.constant({ password: null, code: null }),
    text.map((password) => ({ password })),
    text.map((code) => ({ code })),
    fc
      .integer({ min: 0, max: 999_999 })
      .map((n) => ({ code: String(n).padStart(6, '0') }))
      .filter((p) => !isLiveCode(world, p.code)),
  );
}
const proofRefusals = [PROOF_REQUIRED, BAD] as const;

/** A key's answer of any shape: junk, or an object whose client data is not what a ceremony asked for. */
const keyAnswer: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.constant({}),
  fc.dictionary(hostileText, junk, { maxKeys: 4 }),
  fc.record({
    id: hostileText,
    type: fc.constant('public-key'),
    response: fc.record({
      clientDataJSON: fc.oneof(
        hostileText,
        fc.json().map((j) => Buffer.from(j).toString('base64url')),
      ),
      attestationObject: hostileText,
    }),
  }),
);
const invalidKeyName: fc.Arbitrary<string> = fc.oneof(
  fc.constant(''),
  fc.constant('   '),
  // Too long as the server counts it: trimmed, runs of white space made one space.
  fc.string({ minLength: 61, maxLength: 200 }).filter((n) => n.normalize('NFC').trim().replace(/\s+/g, ' ').length > 60),
  fc.constant('bad\u0000name'),
);

/** Organization-scoped mutations share the first checks: the organization, then the caller's role. */
function organizationScoped(
  world: World,
  rest: fc.Arbitrary<Record<string, unknown>>,
  manager: CallerName = 'admin',
): fc.Arbitrary<Case>[] {
  return [
    fc.tuple(badOrganization(world), rest).map(([org, more]) => one(manager, org.expect)({ ...more, organizationId: org.id })),
    rest.map((more) => one('plain', [FORBIDDEN])({ ...more, organizationId: world.orgA.id })),
  ];
}

export const mutationCases: Record<string, Cases> = {
  signOut: { exempt: 'takes no input (and ends the caller’s session by design)' },
  // The world's sessions entered their password long ago: a wrong or missing one is refused.
  startTotpEnrollment: (w) =>
    fc
      .oneof(
        fc.constant(null),
        fc.constant({}),
        hostileText.filter((p) => p !== w.users.enrolling.password).map((password) => ({ password })),
      )
      .map(one('enrolling', proofRefusals)),

  setMemberListColumns: (w) =>
    fc.oneof(
      ...organizationScoped(w, fc.record({ columns })),
      fc
        .oneof(
          columns.filter((c) => !c.includes('NAME')),
          columns.map((c) => ['NAME', ...c, 'NAME']),
          fc.array(hostileText, { minLength: 1, maxLength: 3 }),
        )
        .map((c) => one('admin', [BAD])({ organizationId: w.orgA.id, columns: c })),
    ),

  changeMemberRole: (w) =>
    fc.oneof(
      ...organizationScoped(w, fc.record({ userId: fc.constant(w.users.member.id), role: roles })),
      fc.tuple(strangerId(w), roles).map(([user, role]) => one('admin', user.expect)({ organizationId: w.orgA.id, userId: user.id, role })),
      roles.map((role) => one('admin', [FORBIDDEN])({ organizationId: w.orgA.id, userId: w.users.legal.id, role })),
      fc.constant(one('admin', [FORBIDDEN])({ organizationId: w.orgA.id, userId: w.users.plain.id, role: 'LEGAL_REPRESENTATIVE' })),
      fc
        .constantFrom('ADMINISTRATOR', 'USER')
        .map((role) => one('legal', [ErrorCode.LAST_LEGAL_REPRESENTATIVE])({ organizationId: w.orgA.id, userId: w.users.legal.id, role })),
      hostileText.map((role) => one('admin', [BAD])({ organizationId: w.orgA.id, userId: w.users.plain.id, role })),
    ),

  removeMember: (w) =>
    fc.oneof(
      ...organizationScoped(w, fc.record({ userId: fc.constant(w.users.member.id) })),
      strangerId(w).map((user) => one('admin', user.expect)({ organizationId: w.orgA.id, userId: user.id })),
      fc.constant(one('admin', [FORBIDDEN])({ organizationId: w.orgA.id, userId: w.users.legal.id })),
      fc.constant(one('legal', [ErrorCode.LAST_LEGAL_REPRESENTATIVE])({ organizationId: w.orgA.id, userId: w.users.legal.id })),
    ),

  leaveOrganization: (w) =>
    fc.oneof(
      fc
        .tuple(fc.constantFrom<CallerName>('admin', 'plain', 'legal', 'member'), badOrganization(w))
        .map(([as, org]) => one(as, org.expect)({ organizationId: org.id })),
      fc
        .constantFrom<CallerName>('admin', 'plain', 'legal', 'member')
        .map((as) => one(as, [ErrorCode.MEMBERSHIP_KIND])({ organizationId: w.orgA.id })),
      fc.constant(one('blocked', [ErrorCode.MEMBERSHIP_KIND])({ organizationId: w.orgB.id })),
    ),

  resetMemberSecondFactors: (w) => {
    const right = { password: w.users.admin.password };
    return fc.oneof(
      ...organizationScoped(w, fc.record({ userId: fc.constant(w.users.plain.id), proof: fc.constant(right), confirm: fc.constant(true) })),
      fc
        .record({ userId: fc.constant(w.users.plain.id), proof: fc.constant(right), confirm: fc.constant(false) })
        .map((i) => one('admin', [CONFIRMATION_REQUIRED])({ ...i, organizationId: w.orgA.id })),
      wrongProof(w, w.users.admin.password).map((proof) =>
        one('admin', proofRefusals)({ organizationId: w.orgA.id, userId: w.users.plain.id, proof, confirm: true }),
      ),
      strangerId(w).map((user) => one('admin', user.expect)({ organizationId: w.orgA.id, userId: user.id, proof: right, confirm: true })),
      fc
        .constantFrom(
          { userId: w.users.external.id, expect: [ErrorCode.MEMBERSHIP_KIND] },
          { userId: w.users.legal.id, expect: [FORBIDDEN] },
          { userId: w.users.admin.id, expect: [FORBIDDEN] },
        )
        .map((t) => one('admin', t.expect)({ organizationId: w.orgA.id, userId: t.userId, proof: right, confirm: true })),
    );
  },

  signIn: (w) =>
    fc.oneof(
      fc
        .record({
          email: fc.oneof(hostileText, fc.constantFrom(w.users.legal.email, w.users.legal.email.toUpperCase(), ` ${w.users.admin.email} `)),
          password: hostileText.filter((p) => p !== w.users.legal.password && p !== w.users.admin.password),
          client: fc.constantFrom('WEB', 'DESKTOP', 'MOBILE'),
        })
        .map(one('anonymous', [ErrorCode.INVALID_CREDENTIALS, BAD, RATE_LIMITED])),
      fc
        .record({
          email: fc.constant(w.users.legal.email),
          password: fc.constant(w.users.legal.password),
          client: fc.constant('INTEGRATION'),
        })
        .map(one('anonymous', [BAD])),
      fc.record({ email: hostileText, password: hostileText, client: hostileText }).map(one('desktop', [BAD])),
    ),

  completeSignIn: (w) => {
    const code = hostileText.filter((c) => !isLiveCode(w, c));
    return fc.oneof(
      fc.record({ challenge: hostileText, code }).map(one('anonymous', [ErrorCode.CHALLENGE_EXPIRED, BAD])),
      fc.record({ challenge: fc.constant(w.challenge), code }).map(one('anonymous', [INVALID_CODE, BAD])),
    );
  },

  changePassword: (w) =>
    fc.oneof(
      fc
        .record({ currentPassword: hostileText.filter((p) => p !== w.users.legal.password), newPassword: hostileText })
        .map(one('legal', proofRefusals)),
      invalidNewPassword.map((newPassword) => one('legal', [BAD])({ currentPassword: w.users.legal.password, newPassword })),
    ),

  requestEmailChange: (w) =>
    fc.oneof(
      fc
        .record({ newEmail: hostileText, password: hostileText.filter((p) => p !== w.users.legal.password) })
        .map(one('legal', proofRefusals)),
      invalidEmail.map((newEmail) => one('legal', [BAD])({ newEmail, password: w.users.legal.password })),
    ),

  confirmEmailChange: () => hostileText.map((token) => one('anonymous', [TOKEN_INVALID, BAD])({ token })),

  requestPasswordReset: () =>
    // An address without an account gets the same answer as one with, and nothing happens.
    hostileText.map((email) => one('anonymous', [BAD, RATE_LIMITED], true)({ email })),

  resetPassword: () =>
    fc.oneof(
      fc.record({ token: hostileText, newPassword: invalidNewPassword }).map(one('anonymous', [BAD])),
      fc
        .record({ token: hostileText, newPassword: fc.constant('a perfectly good new password') })
        .map(one('anonymous', [TOKEN_INVALID, BAD])),
    ),

  revokeSession: (w) =>
    fc.oneof(
      malformedId.map((id) => one('legal', [BAD])({ id })),
      // Another person's session, or none: "false", and it stays as it was.
      fc.oneof(unknownId, fc.constant(w.foreignSessionId)).map((id) => one('legal', [], true)({ id })),
    ),

  inviteMember: (w) => {
    const valid = fc.record({ email: invalidEmail, role: fc.constantFrom('ADMINISTRATOR', 'USER'), kind: kinds });
    return fc.oneof(
      ...organizationScoped(w, valid),
      valid.map((i) => one('admin', [BAD])({ ...i, organizationId: w.orgA.id })),
      fc
        .record({ email: hostileText, kind: kinds })
        .map((i) => one('admin', [FORBIDDEN, BAD])({ ...i, role: 'LEGAL_REPRESENTATIVE', organizationId: w.orgA.id })),
      fc
        .record({
          email: fc.constantFrom(
            w.users.member.email,
            w.users.external.email.toUpperCase(),
            w.pendingInvitation.email,
            ` ${w.users.plain.email} `,
          ),
          role: fc.constantFrom('ADMINISTRATOR', 'USER'),
          kind: kinds,
        })
        .map((i) => one('admin', [CONFLICT])({ ...i, organizationId: w.orgA.id })),
      fc
        .record({ email: hostileText, role: hostileText, kind: hostileText })
        .map((i) => one('admin', [BAD])({ ...i, organizationId: w.orgA.id })),
    );
  },

  resendInvitation: (w) => invitationRefCases(w),
  revokeInvitation: (w) => invitationRefCases(w),

  acceptInvitation: (w) =>
    fc.oneof(
      fc
        .record({ token: hostileText, displayName: fc.option(hostileText), password: fc.option(hostileText) })
        .map(one('anonymous', [TOKEN_INVALID, BAD])),
      fc
        .record({ displayName: fc.option(invalidName), password: fc.option(hostileText) })
        .map((i) => one('anonymous', [BAD])({ ...i, token: w.openInvitationToken })),
      fc
        .record({ displayName: fc.constantFrom('Newcomer', 'نيو كمر', 'Zoë 😀'), password: fc.option(invalidNewPassword) })
        .map((i) => one('anonymous', [BAD])({ ...i, token: w.openInvitationToken })),
    ),

  createIntegrationToken: (w) => {
    const scopes = fc.subarray(['MEMBERS_READ', 'AUDIT_READ', 'ALERTS_SEND', 'EVENTS_READ'], { minLength: 1 });
    const name = fc.constantFrom('Reporting', 'تقارير', 'Dashboard 📊');
    const past = new Date(w.server.clock.now().getTime() - 60_000).toISOString();
    return fc.oneof(
      ...organizationScoped(w, fc.record({ name, scopes })),
      fc.record({ name: invalidName, scopes }).map((i) => one('admin', [BAD])({ ...i, organizationId: w.orgA.id })),
      fc
        .record({
          name,
          scopes: fc.oneof(
            fc.constant([]),
            scopes.map((s) => [...s, s[0]]),
            fc.array(hostileText, { minLength: 1, maxLength: 2 }),
          ),
        })
        .map((i) => one('admin', [BAD])({ ...i, organizationId: w.orgA.id })),
      fc
        .record({ name, scopes, expiresAt: fc.oneof(fc.constantFrom(past, '1970-01-01T00:00:00Z'), hostileText) })
        .map((i) => one('admin', [BAD])({ ...i, organizationId: w.orgA.id })),
      fc
        .record({ name, scopes: scopes.map((s) => [...s, 'POLICY_WRITE']) })
        .map((i) => one('adminNo2fa', [ErrorCode.ACTOR_TWO_FACTOR_REQUIRED])({ ...i, organizationId: w.orgA.id })),
    );
  },

  revokeIntegrationToken: (w) =>
    fc.oneof(
      ...organizationScoped(w, fc.record({ id: fc.constant(w.revokedTokenId) })),
      malformedId.map((id) => one('admin', [BAD])({ organizationId: w.orgA.id, id })),
      fc.oneof(unknownId, fc.constant(w.foreignTokenId)).map((id) => one('admin', [NOT_FOUND])({ organizationId: w.orgA.id, id })),
      // Already revoked: "false", and it stays as it was.
      fc.constant(one('admin', [], true)({ organizationId: w.orgA.id, id: w.revokedTokenId })),
    ),

  confirmTotpEnrollment: (w) => {
    const code = hostileText.filter((c) => !isLiveCode(w, c));
    return fc.oneof(
      fc.record({ code, proof: fc.option(wrongProof(w, w.users.admin.password)) }).map(one('admin', proofRefusals)),
      fc.record({ code }).map(one('enrolling', [INVALID_CODE, BAD])),
      fc.record({ code }).map(one('member', [CONFLICT, BAD])),
      fc.record({ code }).map(one('blocked', [CONFLICT, BAD])),
    );
  },

  regenerateRecoveryCodes: (w) =>
    fc.oneof(
      wrongProof(w, w.users.admin.password).map((proof) => one('admin', proofRefusals)({ proof })),
      fc.constant(one('member', [CONFLICT])({ proof: { password: w.users.member.password } })),
    ),

  removeTotp: (w) =>
    fc.oneof(
      wrongProof(w, w.users.admin.password).map((proof) => one('admin', proofRefusals)({ proof })),
      fc.constant(one('member', [NOT_FOUND])({ proof: { password: w.users.member.password } })),
      fc.constant(one('outsider', [ErrorCode.LAST_METHOD_REQUIRED])({ proof: { password: w.users.outsider.password } })),
    ),

  sendAlert: (w) =>
    fc.oneof(
      ...organizationScoped(w, fc.record({ userId: fc.constant(w.users.member.id), confirm: fc.constant(true) })),
      fc.constant(one('foreignToken', [NOT_FOUND])({ organizationId: w.orgA.id, userId: w.users.member.id, confirm: true })),
      junk.map((userId) => one('admin', [CONFIRMATION_REQUIRED, BAD])({ organizationId: w.orgA.id, userId, confirm: false })),
      strangerId(w).map((user) => one('admin', user.expect)({ organizationId: w.orgA.id, userId: user.id, confirm: true })),
      fc
        .constantFrom(
          { userId: w.users.plain.id, expect: [CONFLICT] },
          { userId: w.users.legal.id, expect: [CONFLICT] },
          { userId: w.users.member.id, expect: [ErrorCode.ALERT_TOO_SOON] },
        )
        .map((t) => one('admin', t.expect)({ organizationId: w.orgA.id, userId: t.userId, confirm: true })),
    ),

  alertAllWithoutTwoFactor: (w) =>
    fc.oneof(
      ...organizationScoped(w, fc.record({ confirm: anyBoolean })),
      fc.constant(one('foreignToken', [NOT_FOUND])({ organizationId: w.orgA.id, confirm: true })),
      fc.constant(one('admin', [CONFIRMATION_REQUIRED])({ organizationId: w.orgA.id, confirm: false })),
      // A campaign is running already.
      fc.constant(one('admin', [CONFLICT])({ organizationId: w.orgA.id, confirm: true })),
    ),

  setTwoFactorRequirement: (w) =>
    fc.oneof(
      ...organizationScoped(w, fc.record({ required: anyBoolean, confirm: fc.constant(true) })),
      fc.constant(one('foreignToken', [NOT_FOUND])({ organizationId: w.orgA.id, required: true, confirm: true })),
      anyBoolean.map((required) => one('admin', [CONFIRMATION_REQUIRED])({ organizationId: w.orgA.id, required, confirm: false })),
      anyBoolean.map((required) =>
        one('adminNo2fa', [ErrorCode.ACTOR_TWO_FACTOR_REQUIRED])({ organizationId: w.orgA.id, required, confirm: true }),
      ),
      // The value it has already: answered, audited nowhere, nothing written.
      fc.constant(one('legal', [], true)({ organizationId: w.orgA.id, required: false, confirm: true })),
    ),

  // Rollout plans (issue 14). Valid dates are relative to now (the world's clock is the real one).
  scheduleTwoFactorRequirement: (w) =>
    fc.oneof(
      ...organizationScoped(w, fc.record({ requiredFrom: fc.constant(daysAhead(2)), confirm: fc.constant(true) })),
      fc.constant(one('admin', [CONFIRMATION_REQUIRED])({ organizationId: w.orgA.id, requiredFrom: daysAhead(2), confirm: false })),
      fc.constant(
        one('adminNo2fa', [ErrorCode.ACTOR_TWO_FACTOR_REQUIRED])({ organizationId: w.orgA.id, requiredFrom: daysAhead(2), confirm: true }),
      ),
      fc
        .constantFrom(daysAhead(-1), daysAhead(0.01), daysAhead(400))
        .map((requiredFrom) => one('admin', [BAD])({ organizationId: w.orgA.id, requiredFrom, confirm: true })),
      hostileText.map((requiredFrom) => one('admin', [BAD])({ organizationId: w.orgA.id, requiredFrom, confirm: true })),
    ),

  cancelScheduledTwoFactorRequirement: (w) =>
    fc.oneof(
      ...organizationScoped(w, fc.record({ confirm: fc.constant(true) })),
      fc.constant(one('admin', [CONFIRMATION_REQUIRED])({ organizationId: w.orgA.id, confirm: false })),
      // Nothing is scheduled in the world.
      fc.constant(one('admin', [CONFLICT])({ organizationId: w.orgA.id, confirm: true })),
    ),

  setNewMemberWindow: (w) =>
    fc.oneof(
      ...organizationScoped(w, fc.record({ days: fc.integer({ min: 0, max: 90 }) })),
      fc
        .oneof(fc.integer({ min: -10_000, max: -1 }), fc.integer({ min: 91, max: 10_000 }))
        .map((days) => one('admin', [BAD])({ organizationId: w.orgA.id, days })),
      fc
        .integer({ min: 1, max: 90 })
        .map((days) => one('adminNo2fa', [ErrorCode.ACTOR_TWO_FACTOR_REQUIRED])({ organizationId: w.orgA.id, days })),
    ),

  exemptMember: (w) => {
    const valid = { userId: w.users.member.id, reason: 'On leave', expiresAt: daysAhead(7) };
    return fc.oneof(
      ...organizationScoped(w, fc.constant(valid)),
      strangerId(w).map((user) => one('admin', user.expect)({ ...valid, organizationId: w.orgA.id, userId: user.id })),
      fc
        .oneof(
          fc.constantFrom('', '   ', 'x'.repeat(501)),
          hostileText.filter((t) => t.trim().length === 0 || t.trim().length > 500),
        )
        .map((reason) => one('admin', [BAD])({ ...valid, organizationId: w.orgA.id, reason })),
      fc
        .constantFrom(daysAhead(-1), daysAhead(400))
        .map((expiresAt) => one('admin', [BAD])({ ...valid, organizationId: w.orgA.id, expiresAt })),
      // Nobody exempts themselves; an administrator does not exempt a legal representative.
      fc
        .constantFrom(w.users.admin.id, w.users.legal.id)
        .map((userId) => one('admin', [FORBIDDEN])({ ...valid, organizationId: w.orgA.id, userId })),
      fc.constant(one('adminNo2fa', [ErrorCode.ACTOR_TWO_FACTOR_REQUIRED])({ ...valid, organizationId: w.orgA.id })),
    );
  },

  revokeExemption: (w) =>
    fc.oneof(
      ...organizationScoped(w, fc.constant({ userId: w.users.member.id })),
      strangerId(w).map((user) => one('admin', user.expect)({ organizationId: w.orgA.id, userId: user.id })),
      // Nobody is exempt in the world.
      fc.constant(one('legal', [NOT_FOUND])({ organizationId: w.orgA.id, userId: w.users.member.id })),
    ),

  setReminderOffsets: (w) =>
    fc.oneof(
      ...organizationScoped(w, fc.record({ offsets: fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { maxLength: 5 }) })),
      fc
        .oneof(
          fc.constantFrom([0], [61], [-1], [7, 7], [1, 2, 3, 4, 5, 6]),
          fc.array(fc.integer({ min: 61, max: 100_000 }), { minLength: 1, maxLength: 3 }),
        )
        .map((offsets) => one('admin', [BAD])({ organizationId: w.orgA.id, offsets })),
      fc.constant(one('adminNo2fa', [ErrorCode.ACTOR_TWO_FACTOR_REQUIRED])({ organizationId: w.orgA.id, offsets: [10] })),
    ),

  // The world's sessions entered their password long ago, as for the authenticator.
  startSecurityKeyRegistration: (w) =>
    fc
      .oneof(
        fc.constant(null),
        fc.constant({}),
        hostileText.filter((p) => p !== w.users.enrolling.password).map((password) => ({ password })),
      )
      .map(one('enrolling', proofRefusals)),

  // No challenge of this session was ever asked for: a key's answer of any shape is refused.
  finishSecurityKeyRegistration: () =>
    fc.oneof(
      fc.record({ name: fc.constant('Key'), response: keyAnswer }).map(one('enrolling', [ErrorCode.KEY_REFUSED])),
      fc.record({ name: invalidKeyName, response: keyAnswer }).map(one('enrolling', [BAD])),
    ),

  renameSecurityKey: () =>
    fc.oneof(
      fc.record({ id: fc.oneof(unknownId, malformedId), name: fc.constant('Key') }).map(one('admin', [NOT_FOUND, BAD])),
      fc.record({ id: unknownId, name: invalidKeyName }).map(one('admin', [BAD])),
    ),

  removeSecurityKey: (w) =>
    fc.oneof(
      fc.record({ id: unknownId, proof: wrongProof(w, w.users.admin.password) }).map(one('admin', proofRefusals)),
      fc
        .record({ id: fc.oneof(unknownId, malformedId), proof: fc.constant({ password: w.users.admin.password }) })
        .map(one('admin', [NOT_FOUND, BAD])),
    ),

  startSecurityKeySignIn: (w) =>
    fc.oneof(
      fc.record({ challenge: hostileText }).map(one('anonymous', [ErrorCode.CHALLENGE_EXPIRED, BAD])),
      // The account of this live challenge has an authenticator and no key.
      fc.constant(one('anonymous', [CONFLICT])({ challenge: w.challenge })),
    ),

  setAllowedMethods: (w) =>
    fc.oneof(
      ...organizationScoped(w, fc.record({ allowedMethods: fc.constant('ANY'), confirm: fc.constant(true) })),
      hostileText.map((allowedMethods) => one('admin', [BAD])({ organizationId: w.orgA.id, allowedMethods, confirm: true })),
      fc.constant(
        one('admin', [CONFIRMATION_REQUIRED])({ organizationId: w.orgA.id, allowedMethods: 'PHISHING_RESISTANT', confirm: false }),
      ),
      // The admin has an authenticator app, no key of their own.
      fc.constant(
        one('admin', [ErrorCode.ACTOR_TWO_FACTOR_REQUIRED])({
          organizationId: w.orgA.id,
          allowedMethods: 'PHISHING_RESISTANT',
          confirm: true,
        }),
      ),
      // What it is already: answered, nothing written.
      fc.constant(one('admin', [], true)({ organizationId: w.orgA.id, allowedMethods: 'ANY', confirm: true })),
    ),

  createWebhookEndpoint: (w) => {
    const eventTypes = fc.constant(['MEMBER_BLOCKED']);
    return fc.oneof(
      ...organizationScoped(w, fc.record({ url: fc.constant('https://hooks.example.com/twostep'), eventTypes })),
      // Non-public, malformed or foreign URLs, and no event types.
      fc
        .oneof(
          hostileText,
          fc.constantFrom(
            'http://127.0.0.1/x',
            'http://[::1]/x',
            'http://10.1.2.3/',
            'http://169.254.169.254/latest/meta-data',
            'ftp://example.com/',
          ),
          fc.constantFrom('http://user:pass@example.com/', 'javascript:alert(1)', 'http://0.0.0.0/', 'http://[::ffff:127.0.0.1]/'),
        )
        .map((url) => one('admin', [BAD])({ organizationId: w.orgA.id, url, eventTypes: ['MEMBER_BLOCKED'] })),
      fc
        .oneof(fc.constant([]), fc.array(hostileText, { minLength: 1, maxLength: 2 }))
        .map((types) => one('admin', [BAD])({ organizationId: w.orgA.id, url: 'https://hooks.example.com/x', eventTypes: types })),
      fc.constant(
        one('adminNo2fa', [ErrorCode.ACTOR_TWO_FACTOR_REQUIRED])({
          organizationId: w.orgA.id,
          url: 'https://hooks.example.com/x',
          eventTypes: ['MEMBER_BLOCKED'],
        }),
      ),
    );
  },
  updateWebhookEndpoint: () =>
    fc.record({ id: fc.oneof(unknownId, malformedId), enabled: fc.boolean() }).map(one('admin', [NOT_FOUND, BAD])),
  deleteWebhookEndpoint: () => fc.record({ id: fc.oneof(unknownId, malformedId) }).map(one('admin', [NOT_FOUND, BAD])),
  rotateWebhookSecret: () => fc.record({ id: fc.oneof(unknownId, malformedId) }).map(one('admin', [NOT_FOUND, BAD])),
  sendTestWebhook: () => fc.record({ id: fc.oneof(unknownId, malformedId) }).map(one('admin', [NOT_FOUND, BAD])),
  redeliverWebhook: () => fc.record({ deliveryId: fc.oneof(unknownId, malformedId) }).map(one('admin', [NOT_FOUND, BAD])),

  setOrganizationTimeZone: (w) =>
    fc.oneof(
      ...organizationScoped(w, fc.record({ timeZone: fc.constant('Europe/Paris') })),
      hostileText.filter((t) => !isTimeZone(t)).map((timeZone) => one('admin', [BAD])({ organizationId: w.orgA.id, timeZone })),
      // The zone it has already: answered, nothing written.
      fc.constant(one('admin', [], true)({ organizationId: w.orgA.id, timeZone: 'UTC' })),
    ),
};

function invitationRefCases(w: World): fc.Arbitrary<Case> {
  return fc.oneof(
    malformedId.map((id) => one('admin', [BAD])({ id })),
    fc.oneof(unknownId, fc.constant(w.foreignInvitationId)).map((id) => one('admin', [NOT_FOUND])({ id })),
    fc.constant(one('admin', [CONFLICT])({ id: w.revokedInvitationId })),
    fc.constant(one('admin', [FORBIDDEN])({ id: w.legalInvitationId })),
    fc.constant(one('plain', [FORBIDDEN])({ id: w.pendingInvitation.id })),
  );
}
