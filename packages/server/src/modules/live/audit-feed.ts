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

const RECONNECT_MS = 1_000;

/**
 * The audit log as it is written, for this instance's `auditEventAdded` subscribers. A trigger
 * announces every entry with `pg_notify`, which PostgreSQL delivers at commit (never for a change
 * rolled back) to every listening connection: each instance listens on one connection of its own,
 * opened with the first subscriber and closed with the last, and hands each entry to the local
 * subscribers of its organization. A lost connection is opened again; what was written meanwhile
 * is not replayed (a reconnecting client queries the log), as with every subscription.
 */
export class AuditFeed {
  private readonly listeners = new Map<string, Set<(tick: AuditTick) => void>>();
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly databaseUrl: string | undefined,
    private readonly log: Logger,
  ) {}

  /** Listens for one organization's entries; resolves once they will arrive. */
  async on(organizationId: string, listener: (tick: AuditTick) => void): Promise<() => void> {
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

  private off(organizationId: string, listener: (tick: AuditTick) => void): void {
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
      if (this.client === client) this.client = undefined;
      client.end().catch(() => undefined);
      this.reopenLater();
    });
    await client.connect();
    await client.query(`listen ${AUDIT_CHANNEL}`);
    if (this.stopped || this.listeners.size === 0) {
      await client.end();
      return;
    }
    this.client = client;
  }

  private reopenLater(): void {
    if (this.stopped || this.listeners.size === 0 || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.connect().catch((err: unknown) => {
        this.log.warn({ err }, 'audit feed could not listen again');
        this.reopenLater();
      });
    }, RECONNECT_MS);
    this.retry.unref();
  }

  private close(): void {
    clearTimeout(this.retry);
    this.retry = undefined;
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
        listener(tick);
      } catch (err) {
        this.log.error({ err }, 'audit feed listener failed');
      }
    }
  }
}
