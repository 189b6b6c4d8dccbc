import type { AllowedMethods } from '@twostep/shared';
import { randomUUID } from 'node:crypto';
import type { DomainEvent, MemberChange } from '../../core/events/domain-events.js';

/**
 * What travels through the pub/sub: an id (what per-event reads are memoized by), the time, and
 * small facts (ids, a change kind, a flag) — never documents. Subscribers read what they show.
 */
interface Envelope {
  id: string;
  /** ISO time the event was published (the server's clock). */
  at: string;
}

export type MemberMessage = Envelope & {
  type: 'member';
  organizationId: string;
  userId: string;
  change: MemberChange;
  alertId: string | null;
};
export type PolicyMessage = Envelope & {
  type: 'policy';
  organizationId: string;
  twoFactorRequired: boolean;
  /** The person or integration token who changed it. */
  changedBy: string | null;
  /** The scheduled date after the change (ISO), or null. */
  requiredFrom?: string | null;
  /** The accepted methods after the change, when it changed them. */
  allowedMethods?: AllowedMethods;
};
export type CampaignMessage = Envelope & { type: 'campaign'; organizationId: string; campaignId: string; queued: number };
/** A compliance history point was written; `pointAt` is its minute (ISO). */
export type HistoryMessage = Envelope & { type: 'history'; organizationId: string; pointAt: string };
export type AccessMessage = Envelope & { type: 'access'; userIds: string[] };
export type SessionsRevokedMessage = Envelope & { type: 'sessionsRevoked'; sessionIds: string[] };
export type TokenRevokedMessage = Envelope & { type: 'tokenRevoked'; tokenId: string };

/** Published on an organization's topic. */
export type OrganizationMessage = MemberMessage | PolicyMessage | CampaignMessage | HistoryMessage;
/** Published on the control topic that every instance's socket registry listens to. */
export type ControlMessage = AccessMessage | SessionsRevokedMessage | TokenRevokedMessage | PolicyMessage;
export type LiveMessage = OrganizationMessage | ControlMessage;

export const CONTROL_TOPIC = 'twostep:control';
export const organizationTopic = (organizationId: string): string => `twostep:organization:${organizationId}`;

/** The pub/sub messages a domain event becomes. A policy change goes to both kinds of topic. */
export function toLiveMessages(event: DomainEvent, now: Date): { topic: string; message: LiveMessage }[] {
  const envelope = (): Envelope => ({ id: randomUUID(), at: now.toISOString() });
  switch (event.type) {
    case 'memberSecurityChanged':
      return event.organizationIds.map((organizationId) => ({
        topic: organizationTopic(organizationId),
        message: {
          ...envelope(),
          type: 'member',
          organizationId,
          userId: event.userId,
          change: event.change,
          alertId: event.alertId ?? null,
        },
      }));
    case 'policyChanged': {
      const message: PolicyMessage = {
        ...envelope(),
        type: 'policy',
        organizationId: event.organizationId,
        twoFactorRequired: event.twoFactorRequired,
        changedBy: event.changedBy,
        requiredFrom: event.requiredFrom ?? null,
        ...(event.allowedMethods ? { allowedMethods: event.allowedMethods } : {}),
      };
      return [
        { topic: organizationTopic(event.organizationId), message },
        { topic: CONTROL_TOPIC, message },
      ];
    }
    case 'campaignProgressed':
      return [
        {
          topic: organizationTopic(event.organizationId),
          message: {
            ...envelope(),
            type: 'campaign',
            organizationId: event.organizationId,
            campaignId: event.campaignId,
            queued: event.queued,
          },
        },
      ];
    case 'compliancePointRecorded':
      return [
        {
          topic: organizationTopic(event.organizationId),
          message: { ...envelope(), type: 'history', organizationId: event.organizationId, pointAt: event.at },
        },
      ];
    case 'accessChanged':
      return event.userIds.length ? [{ topic: CONTROL_TOPIC, message: { ...envelope(), type: 'access', userIds: event.userIds } }] : [];
    case 'sessionsRevoked':
      return event.sessionIds.length
        ? [{ topic: CONTROL_TOPIC, message: { ...envelope(), type: 'sessionsRevoked', sessionIds: event.sessionIds } }]
        : [];
    case 'tokenRevoked':
      return [{ topic: CONTROL_TOPIC, message: { ...envelope(), type: 'tokenRevoked', tokenId: event.tokenId } }];
  }
}

const types = new Set<string>(['member', 'policy', 'campaign', 'history', 'access', 'sessionsRevoked', 'tokenRevoked']);

/** A message as received from the engine (Redis hands over parsed JSON): its shape, or undefined. */
export function asLiveMessage(value: unknown): LiveMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const candidate = value as { type?: unknown; id?: unknown; at?: unknown };
  if (typeof candidate.type !== 'string' || !types.has(candidate.type)) return undefined;
  if (typeof candidate.id !== 'string' || typeof candidate.at !== 'string') return undefined;
  return Object.freeze(value) as LiveMessage;
}
