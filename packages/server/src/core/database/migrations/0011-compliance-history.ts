import { Migration } from '@mikro-orm/migrations';

/**
 * Compliance history and the live audit log (issue 17).
 *
 * `compliance_point`: an organization's counts (members, compliant, exempt, in window,
 * non-compliant, blocked) and whether the requirement was in force, one row per minute at most
 * (a later change in the same minute updates it), kept. A trigger queues the organization in
 * `compliance_history_queue` in the transaction of every audit entry whose action can move the
 * counts; a recorder takes the queue (skip locked), counts, and writes a point when the counts
 * differ from the last one. Nothing is lost when a process dies in between. Every organization
 * is queued once here, so each starts with a point.
 *
 * Webhook events are kept 30 days (the dispatcher prunes them): an index on their age.
 *
 * `auditEventAdded`: every audit entry of an organization is announced with `pg_notify` (sent at
 * commit, never for a rolled-back change) to the instances that serve `auditEventAdded`.
 */
export class Migration0011ComplianceHistory extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table compliance_point (
      organization_id uuid not null references organization (id) on delete cascade,
      at timestamptz not null,
      members integer not null,
      compliant integer not null,
      exempt integer not null,
      in_window integer not null,
      non_compliant integer not null,
      blocked integer not null,
      required boolean not null,
      allowed_methods text not null,
      primary key (organization_id, at));`);
    this.addSql(`create table compliance_history_queue (
      id bigserial primary key,
      organization_id uuid not null);`);
    this.addSql(`create function compliance_history_capture() returns trigger language plpgsql as $$
      begin
        if new.organization_id is not null then
          if new.action in ('ORGANIZATION_CREATED', 'REQUIREMENT_ENABLED', 'REQUIREMENT_DISABLED', 'REQUIREMENT_SCHEDULED',
              'REQUIREMENT_SCHEDULE_CANCELLED', 'METHOD_POLICY_CHANGED', 'NEW_MEMBER_WINDOW_CHANGED', 'MEMBER_JOINED', 'MEMBER_LEFT',
              'MEMBER_REMOVED', 'SECOND_FACTORS_RESET', 'TWO_FACTOR_ENABLED', 'TWO_FACTOR_DISABLED', 'SECURITY_KEY_ADDED',
              'SECURITY_KEY_REMOVED', 'MEMBER_BLOCKED', 'MEMBER_UNBLOCKED', 'EXEMPTION_CREATED', 'EXEMPTION_REVOKED',
              'EXEMPTION_EXPIRED', 'MEMBER_WINDOW_ENDED') then
            insert into compliance_history_queue (organization_id) values (new.organization_id);
          end if;
          perform pg_notify('twostep_audit', new.organization_id::text || ' ' || new.id::text);
        end if;
        return null;
      end $$;`);
    this.addSql(`create trigger compliance_history_capture after insert on audit_event
      for each row execute function compliance_history_capture();`);
    this.addSql(`insert into compliance_history_queue (organization_id) select id from organization;`);
    this.addSql(`create index webhook_event_created on webhook_event (created_at);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index webhook_event_created;`);
    this.addSql(`drop trigger compliance_history_capture on audit_event;`);
    this.addSql(`drop function compliance_history_capture();`);
    this.addSql(`drop table compliance_history_queue, compliance_point;`);
  }
}
