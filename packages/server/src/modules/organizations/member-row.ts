import type { AllowedMethods, MembershipKind, Role, TwoFactorMethodKind } from '@twostep/shared';
import { dateOrNull, textArray } from '../../core/database/sql.js';
import { complianceIn, deadlineIn, requiresNow, type OrganizationFacts } from '../access/index.js';
import type { Member } from './members.types.js';

export interface MemberRow {
  organization_id: string;
  id: string;
  display_name: string;
  email: string;
  two_factor_enabled: boolean;
  phishing_resistant: boolean;
  method_kinds: TwoFactorMethodKind[] | string;
  role: Role;
  kind: MembershipKind;
  joined_at: Date;
  last_alerted_at: Date | null;
  deadline_at: Date | null;
  blocked_at: Date | null;
  exemption: ExemptionJson | string | null;
  policy: PolicyJson | string;
}

interface PolicyJson {
  two_factor_required: boolean;
  allowed_methods: AllowedMethods;
  policy_changed_at: string | null;
  required_from: string | null;
}

interface ExemptionJson {
  reason: string;
  expires_at: string;
  created_at: string;
  created_by: string | null;
  created_by_token_id: string | null;
  created_by_name: string | null;
}

export function toMember(row: MemberRow, alertIntervalMs: number, now: Date): Member {
  const lastAlertedAt = row.last_alerted_at ? new Date(row.last_alerted_at) : null;
  const exemption = typeof row.exemption === 'string' ? (JSON.parse(row.exemption) as ExemptionJson) : row.exemption;
  const policy = typeof row.policy === 'string' ? (JSON.parse(row.policy) as PolicyJson) : row.policy;
  const facts = {
    id: row.organization_id,
    name: '',
    twoFactorRequired: policy.two_factor_required,
    allowedMethods: policy.allowed_methods,
    requiredFrom: dateOrNull(policy.required_from),
    deadlineAt: dateOrNull(row.deadline_at),
    exemptUntil: exemption ? new Date(exemption.expires_at) : null,
  };
  const compliance = complianceIn({ twoFactorEnabled: row.two_factor_enabled, phishingResistant: row.phishing_resistant }, facts, now);
  return {
    compliance,
    deadline: compliance === 'IN_WINDOW' ? deadlineIn(facts, now) : null,
    blockedSince:
      compliance === 'NON_COMPLIANT' && requiresNow(facts, now) ? blockedSince(facts, dateOrNull(policy.policy_changed_at)) : null,
    blockedAttemptAt: compliance === 'NON_COMPLIANT' && row.blocked_at ? new Date(row.blocked_at) : null,
    exemption:
      exemption && new Date(exemption.expires_at) > now
        ? {
            reason: exemption.reason,
            expiresAt: new Date(exemption.expires_at),
            createdAt: new Date(exemption.created_at),
            createdBy:
              exemption.created_by || exemption.created_by_token_id
                ? {
                    userId: exemption.created_by,
                    tokenId: exemption.created_by_token_id,
                    name: exemption.created_by_name ?? 'Deleted account',
                  }
                : null,
          }
        : null,
    id: row.id,
    organizationId: row.organization_id,
    displayName: row.display_name,
    email: row.email,
    role: row.role,
    kind: row.kind,
    joinedAt: new Date(row.joined_at),
    twoFactorEnabled: row.two_factor_enabled,
    methodKinds: textArray(row.method_kinds) as TwoFactorMethodKind[],
    lastAlertedAt,
    nextAlertAllowedAt: nextAlertAt(lastAlertedAt, alertIntervalMs, now),
  };
}

/** When the next alert may go to a member, or null when it may go now. */
export function nextAlertAt(lastAlertedAt: Date | null, alertIntervalMs: number, now: Date): Date | null {
  if (!lastAlertedAt) return null;
  const next = new Date(lastAlertedAt.getTime() + alertIntervalMs);
  return next > now ? next : null;
}

/**
 * When this organization began to block a member it blocks now: when its requirement took effect
 * (the switch, or the scheduled date) or when the member's own window ended, whichever is later.
 */
function blockedSince(facts: OrganizationFacts, switchedOnAt: Date | null): Date | null {
  const start = facts.twoFactorRequired ? switchedOnAt : facts.requiredFrom;
  const times = [start, facts.deadlineAt].filter((d): d is Date => d !== null);
  return times.length === 0 ? null : new Date(Math.max(...times.map((d) => d.getTime())));
}
