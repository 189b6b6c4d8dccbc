import pg from 'pg';
import type { Logger } from '../../core/logger.js';

/** An audit entry committed in an organization (from PostgreSQL's notification, sent at commit). */
export interface AuditTick {
  type: 'audit';
  /** The per-event memo key: one read of the entry and the rights per instance. */
  id: string;
  organizationId: string;
  auditId: string;
}

/** The channel the audit log's trigger notifies (migration 0011): `<organization id> <entry id>`. */
export const AUDIT_CHANNEL = 'twostep_audit';

/**
 * The audit log as it is written, for this instance's `auditEventAdded` subscribers. A trigger
 * announces every entry with `pg_notify`, which PostgreSQL delivers at commit (never for a change
 * rolled back) to every listening connection: each instance listens on one connection of its own,
 * opened with the first subscriber and closed with the last, and hands each entry to the local
 * subscribers of its organization. When the connection is lost, entries may be missed: every
 * subscriber is told (its subscription ends with an error, so its client queries the log again and
 * subscribes anew), and the next subscriber opens a new connection.
 */
/** One subscriber of the feed: its entries, and what it is told when the feed loses entries. */
export interface AuditListener {
  entry: (tick: AuditTick) => void;
  /** The connection was lost: entries may have been missed (the subscriber re-queries). */
  lost: () => void;
}

export class AuditFeed {
  private readonly listeners = new Map<string, Set<AuditListener>>();
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly databaseUrl: string | undefined,
    private readonly log: Logger,
  ) {}

  /** Listens for one organization's entries; resolves once they will arrive. */
  async on(organizationId: string, listener: AuditListener): Promise<() => void> {
    let set = this.listeners.get(organizationId);
    if (!set) this.listeners.set(organizationId, (set = new Set()));
    set.add(listener);
    try {
      await this.connect();
    } catch (error) {
      this.off(organizationId, listener);
      throw error;
    }
    return () => this.off(organizationId, listener);
  }

  stop(): void {
    this.stopped = true;
    this.listeners.clear();
    this.close();
  }

  private off(organizationId: string, listener: AuditListener): void {
    const set = this.listeners.get(organizationId);
    if (!set?.delete(listener) || set.size > 0) return;
    this.listeners.delete(organizationId);
    if (this.listeners.size === 0) this.close();
  }

  private connect(): Promise<void> {
    if (this.client) return Promise.resolve();
    if (!this.databaseUrl) return Promise.reject(new Error('the audit feed has no database to listen to'));
    this.connecting ??= this.open(this.databaseUrl).finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async open(databaseUrl: string): Promise<void> {
    const client = new pg.Client({ connectionString: databaseUrl, application_name: 'twostep-audit-feed' });
    client.on('notification', (notification) => this.dispatch(notification.payload));
    client.on('error', (err) => {
      this.log.warn({ err }, 'audit feed connection lost');
      client.end().catch(() => undefined);
      if (this.client !== client) return;
      this.client = undefined;
      const everyone = [...this.listeners.values()].flatMap((set) => [...set]);
      this.listeners.clear();
      for (const listener of everyone) listener.lost();
    });
    try {
      await client.connect();
      await client.query(`listen ${AUDIT_CHANNEL}`);
    } catch (error) {
      client.end().catch(() => undefined);
      throw error;
    }
    if (this.stopped || this.listeners.size === 0) {
      await client.end();
      return;
    }
    this.client = client;
  }

  private close(): void {
    const client = this.client;
    this.client = undefined;
    client?.end().catch(() => undefined);
  }

  private dispatch(payload: string | undefined): void {
    const [organizationId, auditId] = (payload ?? '').split(' ');
    if (!organizationId || !auditId) return;
    const set = this.listeners.get(organizationId);
    if (!set) return;
    const tick: AuditTick = Object.freeze({ type: 'audit', id: `audit:${auditId}`, organizationId, auditId });
    for (const listener of [...set]) {
      try {
        listener.entry(tick);
      } catch (err) {
        this.log.error({ err }, 'audit feed listener failed');
      }
    }
  }
}
