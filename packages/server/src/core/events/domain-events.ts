import type { AllowedMethods } from '@twostep/shared';
/**
 * Facts other parts of the system react to (live subscriptions, counters). Messages carry ids and
 * small facts, never documents; subscribers re-read what they show. Published after commit.
 */
export type DomainEvent =
  | { type: 'memberSecurityChanged'; organizationIds: string[]; userId: string; change: MemberChange; alertId?: string }
  | {
      type: 'policyChanged';
      organizationId: string;
      twoFactorRequired: boolean;
      changedBy: string | null;
      requiredFrom?: string | null;
      allowedMethods?: AllowedMethods;
    }
  | { type: 'accessChanged'; userIds: string[] }
  | { type: 'sessionsRevoked'; sessionIds: string[] }
  | { type: 'tokenRevoked'; tokenId: string }
  /** A campaign batch committed: many members were alerted at once. */
  | { type: 'campaignProgressed'; organizationId: string; campaignId: string; queued: number }
  /** The organization's compliance history gained (or updated) its point of this minute (ISO `at`). */
  | { type: 'compliancePointRecorded'; organizationId: string; at: string };

export type MemberChange =
  | 'TWO_FACTOR_ENABLED'
  | 'TWO_FACTOR_DISABLED'
  | 'METHODS_CHANGED'
  | 'ALERTED'
  | 'ALERT_DELIVERY_CHANGED'
  | 'JOINED'
  | 'LEFT'
  | 'REMOVED'
  | 'RESET'
  | 'ROLE_CHANGED'
  | 'EXEMPTED'
  | 'EXEMPTION_ENDED'
  | 'WINDOW_ENDED';

export interface DomainEvents {
  publish(event: DomainEvent): void;
}

/** Collects listeners in process; the live module forwards to the pub/sub engine from here. */
export class EventHub implements DomainEvents {
  private readonly listeners: ((event: DomainEvent) => void)[] = [];

  publish(event: DomainEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // a listener's failure must not fail the mutation that already committed
      }
    }
  }

  subscribe(listener: (event: DomainEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }
}
