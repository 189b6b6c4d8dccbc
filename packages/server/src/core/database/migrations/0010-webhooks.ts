import { Migration } from '@mikro-orm/migrations';

/**
 * Webhooks (issue 16). An organization's `webhook_endpoint`s (URL, event types, signing secrets —
 * encrypted, the previous one kept for 24 hours after a rotation — enabled, failing since); the
 * `webhook_event`s built for them, each with one `webhook_delivery` per endpoint that wants it,
 * and every `webhook_attempt` of a delivery (status, duration, error).
 *
 * The outbox: a change already writes its audit entry (or an alert's mail changes state) in the
 * change's own transaction, so triggers copy those rows' ids into `webhook_outbox` in that same
 * transaction, only for organizations with an enabled endpoint. A dispatcher turns outbox rows
 * into events and deliveries and deletes them; nothing is lost when a process dies in between,
 * and the change's path gains one index probe.
 */
export class Migration0010Webhooks extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table webhook_endpoint (
      id uuid primary key,
      organization_id uuid not null references organization (id) on delete cascade,
      url text not null,
      description text not null default '',
      event_types text[] not null,
      enabled boolean not null default true,
      secret_encrypted bytea not null,
      previous_secret_encrypted bytea,
      previous_secret_until timestamptz,
      created_at timestamptz not null,
      created_by uuid,
      created_by_token_id uuid,
      failing_since timestamptz,
      disabled_at timestamptz,
      disabled_reason text);`);
    this.addSql(`create index webhook_endpoint_organization on webhook_endpoint (organization_id) where enabled;`);
    this.addSql(`create table webhook_outbox (
      id bigint generated always as identity primary key,
      organization_id uuid not null,
      source text not null check (source in ('AUDIT', 'ALERT')),
      source_id text not null,
      detail text);`);
    this.addSql(`create table webhook_event (
      id text primary key,
      organization_id uuid not null references organization (id) on delete cascade,
      type text not null,
      payload jsonb not null,
      created_at timestamptz not null);`);
    this.addSql(`create table webhook_delivery (
      id uuid primary key,
      event_id text not null references webhook_event (id) on delete cascade,
      endpoint_id uuid not null references webhook_endpoint (id) on delete cascade,
      state text not null check (state in ('PENDING', 'DELIVERED', 'FAILED')),
      attempts integer not null default 0,
      -- attempts allowed in all (a redelivery allows one more)
      budget integer not null default 8,
      next_attempt_at timestamptz,
      locked_until timestamptz,
      last_status integer,
      created_at timestamptz not null,
      delivered_at timestamptz);`);
    this.addSql(`create index webhook_delivery_due on webhook_delivery (next_attempt_at) where state = 'PENDING';`);
    this.addSql(`create index webhook_delivery_endpoint on webhook_delivery (endpoint_id, created_at desc);`);
    this.addSql(`create table webhook_attempt (
      delivery_id uuid not null references webhook_delivery (id) on delete cascade,
      attempt integer not null,
      at timestamptz not null,
      status integer,
      duration_ms integer not null,
      error text,
      primary key (delivery_id, attempt));`);
    this.addSql(`create table webhook_organization_state (
      organization_id uuid primary key references organization (id) on delete cascade,
      fully_compliant boolean not null);`);
    this.addSql(`create function webhook_capture_audit() returns trigger language plpgsql as $$
      begin
        if new.organization_id is not null
           and exists (select 1 from webhook_endpoint where organization_id = new.organization_id and enabled) then
          insert into webhook_outbox (organization_id, source, source_id) values (new.organization_id, 'AUDIT', new.id::text);
        end if;
        return null;
      end $$;`);
    this.addSql(`create trigger webhook_capture_audit after insert on audit_event
      for each row execute function webhook_capture_audit();`);
    this.addSql(`create function webhook_capture_alert() returns trigger language plpgsql as $$
      begin
        if new.template = 'two-factor-alert' and new.organization_id is not null and new.state <> old.state
           and new.state in ('SENT', 'FAILED')
           and exists (select 1 from webhook_endpoint where organization_id = new.organization_id and enabled) then
          insert into webhook_outbox (organization_id, source, source_id, detail) values (new.organization_id, 'ALERT', new.id::text, new.state);
        end if;
        return null;
      end $$;`);
    this.addSql(`create trigger webhook_capture_alert after update of state on mail_message
      for each row execute function webhook_capture_alert();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger webhook_capture_alert on mail_message;`);
    this.addSql(`drop trigger webhook_capture_audit on audit_event;`);
    this.addSql(`drop function webhook_capture_alert();`);
    this.addSql(`drop function webhook_capture_audit();`);
    this.addSql(
      `drop table webhook_organization_state, webhook_attempt, webhook_delivery, webhook_event, webhook_outbox, webhook_endpoint;`,
    );
  }
}
