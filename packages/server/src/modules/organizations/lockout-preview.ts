import type { EntityManager } from '@mikro-orm/postgresql';
import { AllowedMethods, ClientKind, Limits, MembershipKind, Role } from '@twostep/shared';
import { Field, Int, ObjectType } from 'type-graphql';
import { sql } from '../../core/database/sql.js';
import { badInput, isUuid } from '../../core/errors.js';
import { decodeCursor, encodeCursor } from '../../core/graphql/pagination.js';
import { Integration } from '../../core/graphql/surface.js';
import { acceptedMethodSql, complianceSql } from '../access/index.js';
import { recentUse } from '../accounts/index.js';
import { toMember, type MemberRow } from './member-row.js';
import { complianceColumns, memberColumns } from './members.query.js';
import { Member, PageInfo } from './members.types.js';

const DAY_MS = 86_400_000;
/** The clients a candidate used in this many days are listed. */
export const RECENT_CLIENT_DAYS = 30;

@ObjectType({ description: 'A member the requirement would block at the preview’s moment, with how they use Twostep.' })
@Integration()
export class LockoutCandidate {
  @Field(() => Member)
  member!: Member;

  @Field(() => [ClientKind], { description: `The clients they used in the last ${RECENT_CLIENT_DAYS} days (WEB, DESKTOP, MOBILE).` })
  clients!: ClientKind[];

  @Field(() => Date, { nullable: true, description: 'Their last sign-in on the web, if any.' })
  lastWebSignInAt!: Date | null;

  cursor!: string;
}

@ObjectType({ description: 'How many would be blocked, for one role or kind.' })
@Integration()
export class LockoutCount {
  @Field(() => String)
  key!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType({
  description:
    'Who the requirement would block at a moment, were it in force then: members without 2FA, not exempt then (exemptions that will have expired count), and past their own window then.',
})
@Integration()
export class LockoutPreview {
  @Field(() => Date, { description: 'The moment judged.' })
  at!: Date;

  @Field(() => Int)
  totalCount!: number;

  @Field(() => [LockoutCount])
  byRole!: LockoutCount[];

  @Field(() => [LockoutCount])
  byKind!: LockoutCount[];

  @Field(() => [LockoutCandidate], { description: 'A page, by name.' })
  candidates!: LockoutCandidate[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

/**
 * The named lockout preview, in two statements (the page; the counts): the access module's
 * compliance at `at`, with no plan date ahead (the requirement is assumed in force then), is
 * `NON_COMPLIANT`. Keyset pages by name.
 */
export async function queryLockoutPreview(
  em: EntityManager,
  organizationId: string,
  options: {
    at: Date;
    now: Date;
    first: number;
    after?: string | null;
    search?: string | null;
    alertIntervalMs: number;
    /** Were the organization to accept only these methods: then only those it would newly block (they have a method it accepts today). */
    allowedMethods?: AllowedMethods | null;
  },
): Promise<LockoutPreview> {
  const policy = options.allowedMethods === AllowedMethods.PHISHING_RESISTANT ? `'PHISHING_RESISTANT'` : `'ANY'`;
  const columns = options.allowedMethods ? { ...complianceColumns, allowedMethods: policy } : complianceColumns;
  const compliance = complianceSql({ ...columns, requiredFrom: 'null::timestamptz' }, options.at);
  const conditions = ['m.organization_id = ?', `${compliance.sql} = 'NON_COMPLIANT'`];
  if (options.allowedMethods) conditions.push(acceptedMethodSql(complianceColumns));
  const params: unknown[] = [organizationId, ...compliance.params];
  const search = options.search?.trim();
  if (search) {
    if (search.length > Limits.maxSearchLength) throw badInput('search', `Search for at most ${Limits.maxSearchLength} characters.`);
    conditions.push(`lower(u.display_name || ' ' || u.email) like ?`);
    params.push(`%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  const counts = await sql<{ role: Role; kind: MembershipKind; count: string }>(
    em,
    `select m.role, m.kind, count(*) as count from membership m join "user" u on u.id = m.user_id
     where ${conditions.join(' and ')} group by 1, 2`,
    params,
  );
  const pageConditions = [...conditions];
  const pageParams = [...params];
  const cursor = decodeCursor(options.after, 2);
  if (cursor) {
    const [name, id] = cursor;
    if (typeof name !== 'string' || name.includes('\u0000') || typeof id !== 'string' || !isUuid(id))
      throw badInput('after', 'This cursor is not valid.');
    pageConditions.push(`(lower(u.display_name), u.id) > (?::text, ?::uuid)`);
    pageParams.push(name, id);
  }
  const rows = await sql<MemberRow & { sort_key: string; clients: ClientKind[] | string; last_web_sign_in_at: Date | null }>(
    em,
    `select ${memberColumns}, lower(u.display_name) as sort_key,
       ${recentUse.clientsSince('u.id')} as clients, ${recentUse.lastWebSignIn('u.id')} as last_web_sign_in_at
     from membership m join "user" u on u.id = m.user_id
     where ${pageConditions.join(' and ')}
     order by lower(u.display_name), u.id limit ?`,
    [new Date(options.now.getTime() - RECENT_CLIENT_DAYS * DAY_MS), ...pageParams, options.first + 1],
  );
  const page = rows.slice(0, options.first);
  const candidates = page.map((row) => ({
    member: toMember(row, options.alertIntervalMs, options.now),
    clients: typeof row.clients === 'string' ? (JSON.parse(row.clients) as ClientKind[]) : row.clients,
    lastWebSignInAt: row.last_web_sign_in_at ? new Date(row.last_web_sign_in_at) : null,
    cursor: encodeCursor([row.sort_key, row.id]),
  }));
  const tally = (pick: (r: (typeof counts)[number]) => boolean): number => counts.filter(pick).reduce((n, r) => n + Number(r.count), 0);
  return {
    at: options.at,
    totalCount: tally(() => true),
    byRole: Object.values(Role).map((role) => ({ key: role, count: tally((r) => r.role === role) })),
    byKind: Object.values(MembershipKind).map((kind) => ({ key: kind, count: tally((r) => r.kind === kind) })),
    candidates,
    pageInfo: { hasNextPage: rows.length > options.first, endCursor: candidates.at(-1)?.cursor ?? null },
  };
}
