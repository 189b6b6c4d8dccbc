import { Migration } from '@mikro-orm/migrations';

/** Mail outbox, accounts, sessions, second factors, organizations, memberships, audit log. */
export class Migration0001Foundation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create extension if not exists pg_trgm;`);

    this.addSql(`create table mail_message (
      id uuid primary key,
      to_address text not null,
      template text not null,
      data jsonb not null,
      state text not null default 'QUEUED' check (state in ('QUEUED', 'SENT', 'FAILED')),
      attempts integer not null default 0,
      last_error text,
      next_attempt_at timestamptz not null,
      locked_until timestamptz,
      created_at timestamptz not null,
      sent_at timestamptz
    );`);
    this.addSql(`create index mail_message_due on mail_message (next_attempt_at) where state = 'QUEUED';`);

    this.addSql(`create table "user" (
      id uuid primary key,
      email text not null,
      display_name text not null,
      password_hash text not null,
      two_factor_enabled boolean not null default false,
      last_totp_step bigint not null default 0,
      factor_failures integer not null default 0,
      factor_locked_until timestamptz,
      created_at timestamptz not null
    );`);
    this.addSql(`create unique index user_email_key on "user" (lower(email));`);
    this.addSql(`create index user_search_trgm on "user" using gin (lower(display_name || ' ' || email) gin_trgm_ops);`);
    this.addSql(`create index user_display_name_idx on "user" (lower(display_name), id);`);

    this.addSql(`create table session (
      id uuid primary key,
      token_hash bytea not null unique,
      user_id uuid not null references "user" (id) on delete cascade,
      client text not null check (client in ('WEB', 'DESKTOP', 'MOBILE')),
      user_agent text,
      created_at timestamptz not null,
      last_used_at timestamptz not null,
      expires_at timestamptz not null,
      revoked_at timestamptz
    );`);
    this.addSql(`create index session_user_id_index on session (user_id);`);

    this.addSql(`create table one_time_token (
      id uuid primary key,
      token_hash bytea not null unique,
      purpose text not null,
      user_id uuid not null references "user" (id) on delete cascade,
      data jsonb not null default '{}',
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz
    );`);
    this.addSql(`create index one_time_token_user_id_index on one_time_token (user_id);`);

    this.addSql(`create table totp_method (
      id uuid primary key,
      user_id uuid not null references "user" (id) on delete cascade,
      secret_encrypted bytea not null,
      created_at timestamptz not null,
      confirmed_at timestamptz,
      last_used_at timestamptz
    );`);
    this.addSql(`create index totp_method_user_id_index on totp_method (user_id);`);

    this.addSql(`create table recovery_code (
      id uuid primary key,
      user_id uuid not null references "user" (id) on delete cascade,
      code_hash bytea not null,
      created_at timestamptz not null,
      used_at timestamptz
    );`);
    this.addSql(`create index recovery_code_user_id_index on recovery_code (user_id);`);

    this.addSql(`create table rate_limit (
      key text primary key,
      window_start timestamptz not null,
      count integer not null
    );`);

    this.addSql(`create table organization (
      id uuid primary key,
      name text not null,
      two_factor_required boolean not null default false,
      policy_changed_at timestamptz,
      policy_changed_by uuid,
      created_at timestamptz not null
    );`);

    this.addSql(`create table membership (
      organization_id uuid not null references organization (id) on delete cascade,
      user_id uuid not null references "user" (id) on delete cascade,
      role text not null check (role in ('LEGAL_REPRESENTATIVE', 'ADMINISTRATOR', 'USER')),
      kind text not null check (kind in ('INTERNAL', 'EXTERNAL')),
      joined_at timestamptz not null,
      last_alerted_at timestamptz,
      member_list_columns jsonb,
      primary key (organization_id, user_id)
    );`);
    this.addSql(`create index membership_user_idx on membership (user_id);`);

    this.addSql(`create table audit_event (
      id bigint generated always as identity primary key,
      organization_id uuid,
      action text not null,
      actor_user_id uuid,
      actor_token_id uuid,
      target_user_id uuid,
      data jsonb not null default '{}',
      at timestamptz not null
    );`);
    this.addSql(`create index audit_event_org_idx on audit_event (organization_id, id);`);
    this.addSql(`create index audit_event_target_idx on audit_event (target_user_id);`);
  }
}
