import { Migration } from '@mikro-orm/migrations';

/** Invitations, integration tokens, alerts and alert campaigns; member-list search indexes. */
export class Migration0002OrganizationSecurity extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table invitation (
      id uuid primary key,
      organization_id uuid not null references organization (id) on delete cascade,
      email text not null,
      role text not null check (role in ('LEGAL_REPRESENTATIVE', 'ADMINISTRATOR', 'USER')),
      kind text not null check (kind in ('INTERNAL', 'EXTERNAL')),
      token_hash bytea not null unique,
      invited_by_user_id uuid references "user" (id) on delete set null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      last_sent_at timestamptz not null,
      accepted_at timestamptz,
      accepted_by_user_id uuid references "user" (id) on delete set null,
      revoked_at timestamptz
    );`);
    this.addSql(`create index invitation_org_idx on invitation (organization_id, created_at desc);`);
    this.addSql(
      `create unique index invitation_open_email_key on invitation (organization_id, lower(email)) where accepted_at is null and revoked_at is null;`,
    );

    this.addSql(`create table integration_token (
      id uuid primary key,
      organization_id uuid not null references organization (id) on delete cascade,
      name text not null,
      scopes text[] not null,
      token_hash bytea not null unique,
      created_by_user_id uuid references "user" (id) on delete set null,
      created_at timestamptz not null,
      expires_at timestamptz,
      last_used_at timestamptz,
      revoked_at timestamptz
    );`);
    this.addSql(`create index integration_token_org_idx on integration_token (organization_id);`);

    this.addSql(
      `alter table organization add column policy_changed_by_token_id uuid references integration_token (id) on delete set null;`,
    );

    this.addSql(`create table alert_campaign (
      id uuid primary key,
      organization_id uuid not null references organization (id) on delete cascade,
      requested_by_user_id uuid references "user" (id) on delete set null,
      requested_by_token_id uuid references integration_token (id) on delete set null,
      state text not null check (state in ('RUNNING', 'FINISHED')),
      cursor_user_id uuid,
      queued_count integer not null default 0,
      skipped_count integer not null default 0,
      created_at timestamptz not null,
      finished_at timestamptz,
      locked_until timestamptz
    );`);
    this.addSql(`create index alert_campaign_running_idx on alert_campaign (created_at) where state = 'RUNNING';`);

    this.addSql(`create table alert (
      id uuid primary key,
      organization_id uuid not null references organization (id) on delete cascade,
      user_id uuid not null references "user" (id) on delete cascade,
      mail_id uuid not null references mail_message (id),
      campaign_id uuid references alert_campaign (id) on delete set null,
      requested_by_user_id uuid references "user" (id) on delete set null,
      requested_by_token_id uuid references integration_token (id) on delete set null,
      created_at timestamptz not null
    );`);
    this.addSql(`create index alert_member_idx on alert (organization_id, user_id, created_at desc);`);
    this.addSql(`create index alert_mail_idx on alert (mail_id);`);
    this.addSql(`create index alert_campaign_idx on alert (campaign_id);`);
    this.addSql(`create index membership_org_role_idx on membership (organization_id, role);`);
  }
}
