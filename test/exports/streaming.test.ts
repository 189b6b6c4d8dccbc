import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Credentials } from '../support/graphql-client.js';
import { startStatementCounter, type StatementCounter } from '../support/statement-counter.js';
import { noBackgroundWorkers } from '../support/server.js';
import { useTestServer } from '../support/use-test-server.js';
import { download, parseCsv } from './download.js';

const MEMBERS = 20_000;
/** Keyset pages of 1,000 (the admin makes 20,001 members: 21 pages, the last with one row). */
const PAGES = Math.ceil((MEMBERS + 1) / 1000);

let counter: StatementCounter;
beforeAll(async () => {
  counter = await startStatementCounter();
});
afterAll(() => counter.close());
// No background workers: the statements counted are the export's own.
const world = useTestServer({ ...noBackgroundWorkers, connectVia: (url) => counter.through(url) });
let org: { id: string };
let admin: Credentials;

beforeAll(async () => {
  org = await world.factory.organization('Big Org');
  const person = await world.factory.user({ displayName: 'Ada Admin', twoFactor: true });
  await world.factory.member(org.id, person.id, 'ADMINISTRATOR');
  admin = (await world.factory.client(person)).credentials;
  await world.factory.bulkMembers(org.id, MEMBERS, { prefix: 'big' });
});

/** A page of the member list's keyset query. */
const isMemberPage = (statement: string): boolean => /from membership m join "user" u/.test(statement) && /\blimit\b/.test(statement);

it('streams: the first bytes arrive before the last page of members is read', async () => {
  counter.start();
  const response = await download(world.url, `/export/members.csv?organizationId=${org.id}`, admin);
  expect(response.status).toBe(200);
  // Streamed, so no length is known up front.
  expect(response.headers.get('content-length')).toBeNull();
  expect(response.headers.get('transfer-encoding')).toBe('chunked');

  const reader = response.body!.getReader();
  const first = await reader.read();
  const pagesReadAtFirstBytes = counter.recorded().filter(isMemberPage).length;
  expect(first.done).toBe(false);
  expect(first.value!.byteLength).toBeGreaterThan(0);
  expect(pagesReadAtFirstBytes).toBeGreaterThanOrEqual(1);
  expect(pagesReadAtFirstBytes).toBeLessThan(PAGES);

  const decoder = new TextDecoder();
  let text = decoder.decode(first.value, { stream: true });
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
  }
  text += decoder.decode();
  const [header, ...rows] = parseCsv(text);
  expect(header?.[0]).toBe('id');
  expect(rows).toHaveLength(MEMBERS + 1);
  expect(new Set(rows.map((row) => row[0])).size).toBe(MEMBERS + 1);
  expect(counter.stop().filter(isMemberPage)).toHaveLength(PAGES);
});
