import { Migration } from '@mikro-orm/migrations';

/**
 * Security keys and passkeys (issue 15). A `webauthn_credential` row per registered key, with its
 * public key and signature counter; `webauthn_challenge` holds each ceremony's challenge, bound to
 * the session (registration) or the sign-in challenge that asked for it, used once. The account
 * keeps `phishing_resistant` (it has at least one key) beside `two_factor_enabled`, so compliance
 * reads both from the same row; an organization says which methods it accepts; a session
 * remembers the factor it was signed in with (a recovery code asks for a key where keys are required).
 */
export class Migration0009SecurityKeys extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table webauthn_credential (
      id uuid primary key,
      user_id uuid not null references "user" (id) on delete cascade,
      credential_id text not null unique,
      public_key bytea not null,
      counter bigint not null default 0,
      transports text[] not null default '{}',
      kind text not null check (kind in ('SECURITY_KEY', 'PASSKEY')),
      backed_up boolean not null default false,
      name text not null,
      created_at timestamptz not null,
      last_used_at timestamptz);`);
    this.addSql(`create index webauthn_credential_user on webauthn_credential (user_id);`);
    this.addSql(`create table webauthn_challenge (
      id uuid primary key,
      seq bigint generated always as identity,
      user_id uuid not null references "user" (id) on delete cascade,
      purpose text not null check (purpose in ('REGISTRATION', 'SIGN_IN')),
      challenge text not null unique,
      bound_to uuid not null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz);`);
    this.addSql(`create index webauthn_challenge_expiry on webauthn_challenge (expires_at);`);
    this.addSql(`alter table "user" add column phishing_resistant boolean not null default false;`);
    this.addSql(`alter table organization add column allowed_methods text not null default 'ANY'
      check (allowed_methods in ('ANY', 'PHISHING_RESISTANT'));`);
    this.addSql(`alter table session add column second_factor text
      check (second_factor in ('TOTP', 'SECURITY_KEY', 'PASSKEY', 'RECOVERY_CODE'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table session drop column second_factor;`);
    this.addSql(`alter table organization drop column allowed_methods;`);
    this.addSql(`alter table "user" drop column phishing_resistant;`);
    this.addSql(`drop table webauthn_challenge;`);
    this.addSql(`drop table webauthn_credential;`);
  }
}
