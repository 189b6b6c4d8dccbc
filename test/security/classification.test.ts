import {
  getNamedType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSchemaOnly, buildSurfaceMap } from '@twostep/server';

/**
 * SECURITY.md 12: every Query, Mutation and Subscription field is either gated (web) or
 * explicitly allowed, and no path from an allowed field leads to data of a narrower surface.
 * The table below is the reviewed classification: a new root field fails this test until it is
 * added here, on purpose, with its surfaces.
 */
const expected: Record<string, string[]> = {
  // Public: no sign-in needed.
  'Query.serverInfo': ['PUBLIC'],
  'Query.invitationPreview': ['PUBLIC'],
  'Mutation.signIn': ['PUBLIC'],
  'Mutation.completeSignIn': ['PUBLIC'],
  'Mutation.requestPasswordReset': ['PUBLIC'],
  'Mutation.resetPassword': ['PUBLIC'],
  'Mutation.confirmEmailChange': ['PUBLIC'],
  'Mutation.acceptInvitation': ['PUBLIC'],
  'Mutation.startSecurityKeySignIn': ['PUBLIC'],
  // The app surface: desktop and mobile tokens; never blocked.
  'Query.viewer': ['APP'],
  'Mutation.signOut': ['APP'],
  'Subscription.viewerAccessChanged': ['APP'],
  // Allowed while blocked: the way out of the block.
  'Mutation.startTotpEnrollment': ['WHILE_BLOCKED'],
  'Mutation.confirmTotpEnrollment': ['WHILE_BLOCKED'],
  'Mutation.leaveOrganization': ['WHILE_BLOCKED'],
  // Adding a key: the way out of the block on the web, and a passkey from a native app.
  'Mutation.startSecurityKeyRegistration': ['APP', 'WHILE_BLOCKED'],
  'Mutation.finishSecurityKeyRegistration': ['APP', 'WHILE_BLOCKED'],
  // Web and integration (scopes on the nested fields or the mutation).
  'Query.organization': ['INTEGRATION'],
  'Mutation.sendAlert': ['INTEGRATION:alerts:send'],
  'Mutation.alertAllWithoutTwoFactor': ['INTEGRATION:alerts:send'],
  'Mutation.setTwoFactorRequirement': ['INTEGRATION:policy:write'],
  'Mutation.scheduleTwoFactorRequirement': ['INTEGRATION:policy:write'],
  'Mutation.cancelScheduledTwoFactorRequirement': ['INTEGRATION:policy:write'],
  'Mutation.setNewMemberWindow': ['INTEGRATION:policy:write'],
  'Mutation.exemptMember': ['INTEGRATION:policy:write'],
  'Mutation.revokeExemption': ['INTEGRATION:policy:write'],
  'Mutation.setReminderOffsets': ['INTEGRATION:policy:write'],
  'Mutation.setOrganizationTimeZone': ['INTEGRATION:policy:write'],
  'Mutation.setAllowedMethods': ['INTEGRATION:policy:write'],
  'Subscription.memberSecurityChanged': ['INTEGRATION:events:read'],
  'Subscription.organizationPolicyChanged': ['INTEGRATION:events:read'],
  'Subscription.securitySummaryChanged': ['INTEGRATION:events:read'],
  'Subscription.alertCampaignChanged': ['INTEGRATION:events:read'],
  // The audit log live needs `audit:read` besides: checked by the subscription itself (test/live/audit-live.test.ts).
  'Subscription.complianceHistoryChanged': ['INTEGRATION:events:read'],
  'Subscription.auditEventAdded': ['INTEGRATION:events:read'],
  // Web only (gated): everything else.
  'Query.memberListColumns': [],
  'Query.integrationTokens': [],
  'Query.invitations': [],
  'Mutation.changePassword': [],
  'Mutation.requestEmailChange': [],
  'Mutation.revokeSession': [],
  'Mutation.regenerateRecoveryCodes': [],
  'Mutation.removeTotp': [],
  'Mutation.renameSecurityKey': [],
  'Mutation.removeSecurityKey': [],
  'Mutation.setMemberListColumns': [],
  'Mutation.changeMemberRole': [],
  'Mutation.removeMember': [],
  'Mutation.resetMemberSecondFactors': [],
  'Mutation.inviteMember': [],
  'Mutation.resendInvitation': [],
  'Mutation.revokeInvitation': [],
  'Mutation.createIntegrationToken': [],
  'Mutation.revokeIntegrationToken': [],
  'Mutation.createWebhookEndpoint': [],
  'Mutation.updateWebhookEndpoint': [],
  'Mutation.deleteWebhookEndpoint': [],
  'Mutation.rotateWebhookSecret': [],
  'Mutation.sendTestWebhook': [],
  'Mutation.redeliverWebhook': [],
};

let schema: GraphQLSchema;
let surfaces: ReturnType<typeof buildSurfaceMap>;

beforeAll(async () => {
  schema = await buildSchemaOnly();
  surfaces = buildSurfaceMap(schema);
});

function label(type: GraphQLObjectType, field: string): string[] {
  const surface = surfaces.get(`${type.name}.${field}`)!;
  return [...surface.surfaces]
    .filter((s) => s !== 'WEB')
    .map((s) => (s === 'INTEGRATION' && surface.scope ? `INTEGRATION:${surface.scope}` : s))
    .sort();
}

function roots(): { type: GraphQLObjectType; field: string }[] {
  return [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]
    .filter((t): t is GraphQLObjectType => Boolean(t))
    .flatMap((type) => Object.keys(type.getFields()).map((field) => ({ type, field })));
}

/** Every field reachable from a root field's type, with the path that reaches it. */
function reachable(start: GraphQLNamedType): { type: GraphQLObjectType; field: string; path: string }[] {
  const seen = new Set<string>();
  const out: { type: GraphQLObjectType; field: string; path: string }[] = [];
  const visit = (type: GraphQLNamedType, path: string): void => {
    if (seen.has(type.name)) return;
    seen.add(type.name);
    const objects = isUnionType(type)
      ? type.getTypes()
      : isInterfaceType(type)
        ? schema.getPossibleTypes(type)
        : isObjectType(type)
          ? [type]
          : [];
    for (const object of objects) {
      if (object !== type) seen.add(object.name);
      for (const field of Object.values(object.getFields())) {
        const here = `${path}.${field.name}`;
        out.push({ type: object, field: field.name, path: here });
        visit(getNamedType(field.type), here);
      }
    }
  };
  visit(start, '');
  return out;
}

describe('surface classification', () => {
  it('lists every root field in the reviewed table, with the surfaces it carries', () => {
    const actual = Object.fromEntries(roots().map(({ type, field }) => [`${type.name}.${field}`, label(type, field)]));
    expect(actual).toEqual(Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, [...v].sort()])));
  });

  it('no path from an allowed root field leads to a field of a narrower surface', () => {
    const violations: string[] = [];
    for (const { type, field } of roots()) {
      const rootSurfaces = surfaces.get(`${type.name}.${field}`)!.surfaces;
      const needed = [...rootSurfaces].filter((s) => s !== 'WEB');
      if (needed.length === 0) continue;
      const returnType = getNamedType(type.getFields()[field]!.type);
      for (const nested of reachable(returnType)) {
        const nestedSurfaces = surfaces.get(`${nested.type.name}.${nested.field}`)!.surfaces;
        for (const surface of needed) {
          // APP implies WHILE_BLOCKED (the apps are never blocked, and neither is what they reach on the web).
          const ok =
            nestedSurfaces.has(surface) || nestedSurfaces.has('PUBLIC') || (surface === 'WHILE_BLOCKED' && nestedSurfaces.has('APP'));
          if (!ok) violations.push(`${type.name}.${field}${nested.path} is not ${surface}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('an integration root names its scope itself or through the nested fields', () => {
    for (const { type, field } of roots()) {
      const surface = surfaces.get(`${type.name}.${field}`)!;
      if (!surface.surfaces.has('INTEGRATION') || surface.scope) continue;
      const scoped = reachable(getNamedType(type.getFields()[field]!.type)).filter((n) => surfaces.get(`${n.type.name}.${n.field}`)!.scope);
      expect(scoped.length, `${type.name}.${field} reaches no scoped field`).toBeGreaterThan(0);
    }
  });
});
