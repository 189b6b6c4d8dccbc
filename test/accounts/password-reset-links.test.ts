import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connect } from '../support/database.js';
import { type TestUser } from '../support/factory.js';
import { type GraphQLClient } from '../support/graphql-client.js';
import { noBackgroundWorkers } from '../support/server.js';
import { useTestServer } from '../support/use-test-server.js';
import type { ReceivedMail } from '../support/smtp-sink.js';
import { startStatementCounter, type StatementCounter } from '../support/statement-counter.js';

/**
 * Issue 12: the answer to `requestPasswordReset` told whether an address had an account (twice as
 * fast without), and every reset link of an account kept working after a newer one was mailed
 * and after a password change. SECURITY.md 33: only the latest link of a kind works; a password
 * change or reset ends the rest.
 */
const REQUEST_RESET = `mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) }`;
const RESET = `mutation($input: ResetPasswordInput!) { resetPassword(input: $input) }`;
const CHANGE_PASSWORD = `mutation($input: ChangePasswordInput!) { changePassword(input: $input) }`;
const REQUEST_EMAIL_CHANGE = `mutation($input: RequestEmailChangeInput!) { requestEmailChange(input: $input) }`;
const CONFIRM_EMAIL_CHANGE = `mutation($input: ConfirmEmailChangeInput!) { confirmEmailChange(input: $input) }`;

describe('requestPasswordReset does the same work for an address with an account and one without', () => {
  let counter: StatementCounter;
  beforeAll(async () => {
    counter = await startStatementCounter();
  });
  afterAll(() => counter.close());
  // No mail or campaign loops: nothing but the requests sends statements while they are counted.
  // No background worker: the statements compared are the request's own.
  const world = useTestServer({ ...noBackgroundWorkers, connectVia: (url) => counter.through(url) });

  const isLookup = (statement: string): boolean => /from "user" where lower\(email\)/.test(statement);
  /** MikroORM sends values inside the text: the statement without them. */
  const shape = (statement: string): string => statement.replace(/'(?:[^']|'')*'/g, '?');

  /**
   * The statements sent from just before the request until its answer, and the account lookup
   * that follows the answer. The account table is locked meanwhile, so the lookup waits in
   * PostgreSQL and nothing that depends on its outcome is sent yet; an answer that needed the
   * lookup would not come at all.
   */
  async function workOf(email: string): Promise<string[]> {
    const lock = await connect(world.server.databaseUrl);
    let work: string[];
    try {
      await lock.query('begin');
      await lock.query('lock table "user" in access exclusive mode');
      counter.start();
      let answered = false;
      const answer = world.anonymous.ok(REQUEST_RESET, { input: { email } }).finally(() => (answered = true));
      answer.catch(() => undefined); // awaited below; this only keeps a late failure from going unhandled
      await vi.waitFor(() => expect(answered, 'the answer waits for the account lookup').toBe(true), { timeout: 5_000 });
      expect((await answer).requestPasswordReset).toBe(true);
      await vi.waitFor(() => expect(counter.recorded().some(isLookup)).toBe(true));
      work = counter.stop().map(shape);
    } finally {
      counter.stop();
      await lock.query('rollback');
      await lock.end();
    }
    return work;
  }

  const resetMailsTo = async (): Promise<unknown[]> =>
    world.factory.query(`select to_address from mail_message where template = 'password-reset'`);

  it('sends the same statements before it answers, and mails the link only to an account', async () => {
    const user = await world.factory.user();
    const queued = (n: number) => Array.from({ length: n }, () => ({ to_address: user.email }));
    // The pool opens its connections on the first request: it is not what is compared.
    await world.anonymous.ok(REQUEST_RESET, { input: { email: user.email } });
    await vi.waitFor(async () => expect(await resetMailsTo()).toEqual(queued(1)));

    const existing = await workOf(user.email);
    // After the answer, the link is queued for the account (and done before the next count).
    await vi.waitFor(async () => expect(await resetMailsTo()).toEqual(queued(2)));
    const unknown = await workOf('nobody-here@example.test');
    expect(existing).toHaveLength(unknown.length);
    expect(existing).toEqual(unknown);
    // The per-address limit, then (after the answer) the lookup.
    expect(existing).toHaveLength(2);
    expect(existing[0]).toMatch(/^insert into rate_limit/);
    expect(await resetMailsTo()).toEqual(queued(2));
  });
});

describe('only the latest link works', () => {
  const world = useTestServer();
  const read = new Set<ReceivedMail>();

  /** The token of the next mail to `address` whose link matches `path`, not read before. */
  async function nextLink(address: string, path: 'reset-password' | 'confirm-email'): Promise<string> {
    const pattern = new RegExp(`${path}\\?token=([^\\s]+)`);
    const mail = await world.smtp.waitFor((m) => !read.has(m) && m.to.includes(address.toLowerCase()) && pattern.test(m.text));
    read.add(mail);
    return decodeURIComponent(pattern.exec(mail.text)![1]!);
  }

  /** Asks for a reset link and waits for its mail (the link is queued just after the answer). */
  async function resetLink(user: TestUser): Promise<string> {
    await world.anonymous.ok(REQUEST_RESET, { input: { email: user.email } });
    return nextLink(user.email, 'reset-password');
  }

  async function emailChangeLink(client: GraphQLClient, user: TestUser, newEmail: string): Promise<string> {
    await client.ok(REQUEST_EMAIL_CHANGE, { input: { newEmail, password: user.password } });
    return nextLink(newEmail, 'confirm-email');
  }

  const newAddress = (user: TestUser, n: number): string => `moved-${n}-${user.id.slice(0, 8)}@example.test`;

  it('a newer reset link ends the earlier ones', async () => {
    const user = await world.factory.user();
    const first = await resetLink(user);
    const second = await resetLink(user);
    const latest = await resetLink(user);
    for (const token of [first, second])
      expect(await world.anonymous.code(RESET, { input: { token, newPassword: 'a brand new long password' } })).toBe('TOKEN_INVALID');
    await world.anonymous.ok(RESET, { input: { token: latest, newPassword: 'a brand new long password' } });
  });

  it('a password change ends the open reset and e-mail-change links', async () => {
    const user = await world.factory.user();
    const client = await world.factory.client(user);
    const reset = await resetLink(user);
    const emailChange = await emailChangeLink(client, user, newAddress(user, 1));
    await client.ok(CHANGE_PASSWORD, { input: { currentPassword: user.password, newPassword: 'new password 1234' } });
    expect(await world.anonymous.code(RESET, { input: { token: reset, newPassword: 'a brand new long password' } })).toBe('TOKEN_INVALID');
    expect(await world.anonymous.code(CONFIRM_EMAIL_CHANGE, { input: { token: emailChange } })).toBe('TOKEN_INVALID');
    expect((await client.ok(`{ viewer { email } }`)).viewer.email).toBe(user.email);
  });

  it('a password reset ends the open e-mail-change link', async () => {
    const user = await world.factory.user();
    const client = await world.factory.client(user);
    const emailChange = await emailChangeLink(client, user, newAddress(user, 1));
    const reset = await resetLink(user);
    await world.anonymous.ok(RESET, { input: { token: reset, newPassword: 'a brand new long password' } });
    expect(await world.anonymous.code(CONFIRM_EMAIL_CHANGE, { input: { token: emailChange } })).toBe('TOKEN_INVALID');
  });

  it('a newer e-mail change ends the earlier one', async () => {
    const user = await world.factory.user();
    const client = await world.factory.client(user);
    const first = await emailChangeLink(client, user, newAddress(user, 1));
    const second = await emailChangeLink(client, user, newAddress(user, 2));
    expect(await world.anonymous.code(CONFIRM_EMAIL_CHANGE, { input: { token: first } })).toBe('TOKEN_INVALID');
    await world.anonymous.ok(CONFIRM_EMAIL_CHANGE, { input: { token: second } });
    expect((await client.ok(`{ viewer { email } }`)).viewer.email).toBe(newAddress(user, 2));
  });
});
