import { Migration } from '@mikro-orm/migrations';

/**
 * Rollout plans (issue 14): the requirement may be scheduled for a date (`required_from`, with who
 * scheduled it and when); members who join while a plan runs get the organization's window
 * (`new_member_window_days`), kept as their own `deadline_at`; members may be exempted until a
 * date. Compliance and blocking compare these with the clock at each request; the rollout sweeper
 * records what fell due (the switch, a window's end, an exemption's expiry) once, through the
 * partial indexes below, which hold only what is still ahead.
 */
export class Migration0007RolloutPlans extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table organization
      add column required_from timestamptz,
      add column scheduled_by uuid,
      add column scheduled_by_token_id uuid,
      add column scheduled_at timestamptz,
      add column new_member_window_days integer not null default 0
        constraint organization_window_range check (new_member_window_days between 0 and 90);`);
    this.addSql(`create index organization_plan_due on organization (required_from) where required_from is not null;`);
    this.addSql(`alter table membership
      add column deadline_at timestamptz,
      add column deadline_recorded boolean not null default false;`);
    this.addSql(
      `create index membership_deadline_due on membership (deadline_at) where deadline_at is not null and not deadline_recorded;`,
    );
    this.addSql(`create table exemption (
      id uuid primary key,
      organization_id uuid not null,
      user_id uuid not null,
      reason text not null,
      expires_at timestamptz not null,
      created_by uuid,
      created_by_token_id uuid,
      created_at timestamptz not null,
      ended_at timestamptz,
      end_reason text,
      ended_by uuid,
      ended_by_token_id uuid,
      foreign key (organization_id, user_id) references membership (organization_id, user_id) on delete cascade);`);
    this.addSql(`create unique index exemption_open on exemption (organization_id, user_id) where ended_at is null;`);
    this.addSql(`create index exemption_due on exemption (expires_at) where ended_at is null;`);
  }
}
