import { randomBytes, randomUUID } from 'node:crypto';
import type { Twostep } from '@twostep/server';
import { GraphQLClient } from './graphql-client.js';

export interface TestUser {
  id: string;
  email: string;
  displayName: string;
  password: string;
  /** Base32 TOTP secret when the user has 2FA. */
  totpSecret?: string;
}

const base32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export function randomBase32(bytes = 20): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of randomBytes(bytes)) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += base32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

let counter = 0;

/**
 * Builds test data straight into the database through the server's own services (no HTTP), so
 * each test states only what matters to it.
 */
export class Factory {
  constructor(private readonly app: Twostep) {}

  private async sql(query: string, params: unknown[] = []): Promise<Record<string, any>[]> {
    return this.app.orm.em.fork().getConnection().execute(query, params);
  }

  async user(options: { email?: string; displayName?: string; password?: string; twoFactor?: boolean } = {}): Promise<TestUser> {
    counter += 1;
    const id = randomUUID();
    const email = options.email ?? `user${counter}-${id.slice(0, 6)}@example.test`;
    const displayName = options.displayName ?? `Test User ${counter}`;
    const password = options.password ?? 'correct horse battery staple';
    const passwordHash = await this.app.services.hasher.hash(password);
    const now = this.app.services.clock.now();
    await this.sql(
      `insert into "user" (id, email, display_name, password_hash, two_factor_enabled, created_at) values (?, ?, ?, ?, ?, ?)`,
      [id, email, displayName, passwordHash, options.twoFactor ?? false, now],
    );
    const user: TestUser = { id, email, displayName, password };
    if (options.twoFactor) {
      const secret = randomBase32();
      const methodId = randomUUID();
      await this.sql(`insert into totp_method (id, user_id, secret_encrypted, created_at, confirmed_at) values (?, ?, ?, ?, ?)`, [
        methodId,
        id,
        this.app.services.box.seal(secret, methodId),
        now,
        now,
      ]);
      user.totpSecret = secret;
    }
    return user;
  }

  async organization(name = `Org ${++counter}`, options: { twoFactorRequired?: boolean } = {}): Promise<{ id: string; name: string }> {
    const id = randomUUID();
    const now = this.app.services.clock.now();
    await this.sql(`insert into organization (id, name, two_factor_required, policy_changed_at, created_at) values (?, ?, ?, ?, ?)`, [
      id,
      name,
      options.twoFactorRequired ?? false,
      options.twoFactorRequired ? now : null,
      now,
    ]);
    return { id, name };
  }

  /**
   * A membership. Without a kind, INTERNAL when the account has no home yet, else EXTERNAL: an
   * account is INTERNAL to one organization at most (a unique index holds it; asking for a second
   * INTERNAL membership fails).
   */
  async member(
    organizationId: string,
    userId: string,
    role: 'LEGAL_REPRESENTATIVE' | 'ADMINISTRATOR' | 'USER' = 'USER',
    kind?: 'INTERNAL' | 'EXTERNAL',
  ): Promise<void> {
    await this.sql(
      `insert into membership (organization_id, user_id, role, kind, joined_at)
       values (?, ?, ?, coalesce(?, case when exists (select 1 from membership where user_id = ? and kind = 'INTERNAL')
         then 'EXTERNAL' else 'INTERNAL' end), ?)`,
      [organizationId, userId, role, kind ?? null, userId, this.app.services.clock.now()],
    );
  }

  /** A session for the user without going through sign-in; returns the raw token. */
  async sessionToken(userId: string, client: 'WEB' | 'DESKTOP' | 'MOBILE' = 'WEB'): Promise<string> {
    const em = this.app.orm.em.fork();
    const user = await em.findOneOrFail('User', userId);
    const { token } = this.app.services.sessions.create(em, user as never, client);
    await em.flush();
    return token;
  }

  /** A GraphQL client signed in as the user: a web cookie, or a bearer token for the apps. */
  async client(user: { id: string }, client: 'WEB' | 'DESKTOP' | 'MOBILE' = 'WEB'): Promise<GraphQLClient> {
    const token = await this.sessionToken(user.id, client);
    return new GraphQLClient(this.app.url, client === 'WEB' ? { cookie: `twostep_session=${token}` } : { bearer: token });
  }

  /** Many members at once (one statement each for users and memberships), sharing one password hash. */
  async bulkMembers(organizationId: string, count: number, options: { twoFactor?: boolean; prefix?: string } = {}): Promise<void> {
    const prefix = options.prefix ?? `bulk${++counter}`;
    const now = this.app.services.clock.now();
    await this.sql(
      `insert into "user" (id, email, display_name, password_hash, two_factor_enabled, created_at)
       select gen_random_uuid(), ? || '-' || i || '@example.test', 'Bulk ' || ? || ' ' || i, 'x', ?, ? from generate_series(1, ?) as i`,
      [prefix, prefix, options.twoFactor ?? false, now, count],
    );
    await this.sql(
      `insert into membership (organization_id, user_id, role, kind, joined_at)
       select ?, id, 'USER', 'INTERNAL', ? from "user" where email like ? || '-%@example.test'`,
      [organizationId, now, prefix],
    );
  }

  query(query: string, params: unknown[] = []): Promise<Record<string, any>[]> {
    return this.sql(query, params);
  }
}
