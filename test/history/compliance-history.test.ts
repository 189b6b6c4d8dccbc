import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer } from '../support/use-test-server.js';
import type { GraphQLClient } from '../support/graphql-client.js';
import type { TestUser } from '../support/factory.js';
import { totpAt } from '../support/totp.js';
import { administeredOrganization, createToken, integration, type Administered } from '../integration-tokens/tokens.js';
import { csvRows, download } from '../exports/download.js';

/**
 * The compliance history: a point at every change that moves the counts (the recorder drained by
 * hand after each, the clock moved, no sleeps), one point a minute at most, ranges answered at
 * each resolution with the policy changes as markers, the CSV, and the evidence report's data.
 */
const world = useTestServer({ historyWorkers: false });

const POINT = `at members compliant exempt inWindow nonCompliant blocked compliancePercent required allowedMethods`;
const HISTORY = `query($id: ID!, $from: DateTimeISO!, $to: DateTimeISO!, $resolution: HistoryResolution!) {
  organization(id: $id) { complianceHistory(from: $from, to: $to, resolution: $resolution) {
    from to resolution points { ${POINT} } markers { action at actor { name } } } } }`;
const POINTS_ONLY = `query($id: ID!, $from: DateTimeISO!, $to: DateTimeISO!) {
  organization(id: $id) { complianceHistory(from: $from, to: $to, resolution: MINUTE) { points { at compliant } } } }`;
const REPORT = `query($id: ID!, $from: DateTimeISO!, $to: DateTimeISO!) {
  organization(id: $id) { evidenceReport(from: $from, to: $to) {
    from to generatedAt generatedBy { userId tokenId name }
    policy { twoFactorRequired allowedMethods newMemberWindowDays }
    atStart { ${POINT} } atEnd { ${POINT} }
    history { resolution points { at compliant nonCompliant blocked } markers { action } }
    policyChanges(first: 50) { edges { node { action actor { name } } } hasNextPage }
    resetsAndLockouts(first: 50) { edges { node { action target { name } actor { name } } } }
    exemptions(first: 50) { edges { node { id displayName exemption { reason expiresAt createdBy { name } } } } }
    membersWithoutTwoFactor(first: 50) { edges { node { id displayName compliance blockedSince } } pageInfo { hasNextPage } }
  } } }`;

const at = (time: string): Date => new Date(`2027-01-04T${time}Z`);

let org: Administered;
let exempted: TestUser;
let enrolling: TestUser;
let leaving: TestUser;
let enrollingWeb: GraphQLClient;

async function recorded(): Promise<void> {
  await world.app.historyRecorder.drain();
}

async function pointRows(): Promise<Record<string, unknown>[]> {
  return world.factory.query(`select * from compliance_point where organization_id = ? order by at`, [org.organization.id]);
}

describe('compliance history', () => {
  beforeAll(async () => {
    world.clock.set(at('08:59:00'));
    org = await administeredOrganization(world.factory);
    exempted = await world.factory.user({ displayName: 'Erin Exempt' });
    enrolling = await world.factory.user({ displayName: 'Nina Now' });
    leaving = await world.factory.user({ displayName: 'Lou Later' });
    for (const member of [exempted, enrolling, leaving]) await world.factory.member(org.organization.id, member.id, 'USER');
    enrollingWeb = await world.factory.client(enrolling);
    const id = org.organization.id;

    // 09:00:10 — Erin is exempted: the first point.
    world.clock.set(at('09:00:10'));
    await org.console.ok(`mutation($input: ExemptMemberInput!) { exemptMember(input: $input) { id } }`, {
      input: { organizationId: id, userId: exempted.id, reason: 'On leave until February', expiresAt: '2027-02-15T09:00:00.000Z' },
    });
    expect(
      Number((await world.factory.query(`select count(*) from compliance_history_queue where organization_id = ?`, [id]))[0]!.count),
    ).toBe(1);
    await recorded();
    expect(
      Number((await world.factory.query(`select count(*) from compliance_history_queue where organization_id = ?`, [id]))[0]!.count),
    ).toBe(0);
  });

  it('records a point at a change, and a second change in the same minute updates it', async () => {
    const id = org.organization.id;
    let rows = await pointRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ members: 4, compliant: 1, exempt: 1, in_window: 0, non_compliant: 2, blocked: 0, required: false });
    expect(new Date(rows[0]!.at as string)).toEqual(at('09:00:00'));

    // 09:00:40 — the requirement: same minute, same point, now with the blocked.
    world.clock.set(at('09:00:40'));
    await org.console.ok(
      `mutation($input: SetTwoFactorRequirementInput!) { setTwoFactorRequirement(input: $input) { twoFactorRequired } }`,
      {
        input: { organizationId: id, required: true, confirm: true },
      },
    );
    await recorded();
    rows = await pointRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ non_compliant: 2, blocked: 2, required: true });
  });

  it('a member setting up 2FA later makes a new point; a change that moves nothing makes none', async () => {
    const id = org.organization.id;
    world.clock.set(at('09:05:05'));
    const secret = (await enrollingWeb.ok(`mutation { startTotpEnrollment { secret } }`)).startTotpEnrollment.secret as string;
    await enrollingWeb.ok(`mutation($input: ConfirmTotpInput!) { confirmTotpEnrollment(input: $input) { codes } }`, {
      input: { code: totpAt(secret, world.clock.now()) },
    });
    await recorded();

    world.clock.set(at('10:30:00'));
    await org.console.ok(`mutation($input: MemberRefInput!) { removeMember(input: $input) }`, {
      input: { organizationId: id, userId: leaving.id },
    });
    await recorded();

    // Audited, queued and counted, but the counts did not move.
    world.clock.set(at('10:45:00'));
    await org.console.ok(`mutation($input: SetNewMemberWindowInput!) { setNewMemberWindow(input: $input) { newMemberWindowDays } }`, {
      input: { organizationId: id, days: 14 },
    });
    await recorded();

    const rows = await pointRows();
    expect(rows.map((r) => new Date(r.at as string))).toEqual([at('09:00:00'), at('09:05:00'), at('10:30:00')]);
    expect(rows[1]).toMatchObject({ members: 4, compliant: 2, exempt: 1, non_compliant: 1, blocked: 1 });
    expect(rows[2]).toMatchObject({ members: 3, compliant: 2, exempt: 1, non_compliant: 0, blocked: 0 });
  });

  it('answers a range by the minute, with the policy changes as markers', async () => {
    const { organization } = await org.console.ok(HISTORY, {
      id: org.organization.id,
      from: at('08:00:00'),
      to: at('12:00:00'),
      resolution: 'MINUTE',
    });
    const history = organization.complianceHistory;
    expect(history.points.map((p: { at: string }) => p.at)).toEqual(
      [at('09:00:00'), at('09:05:00'), at('10:30:00')].map((d) => d.toISOString()),
    );
    expect(history.points.map((p: { compliancePercent: number }) => p.compliancePercent)).toEqual([33, 66, 100]);
    expect(history.points[0]).toMatchObject({ members: 4, blocked: 2, required: true, allowedMethods: 'ANY' });
    expect(history.markers).toEqual([
      { action: 'REQUIREMENT_ENABLED', at: at('09:00:40').toISOString(), actor: { name: org.admin.displayName } },
    ]);
  });

  it('by the hour keeps the last point of each hour; a range starts with the state in force at its start', async () => {
    const id = org.organization.id;
    const byHour = (await org.console.ok(HISTORY, { id, from: at('08:00:00'), to: at('12:00:00'), resolution: 'HOUR' })).organization
      .complianceHistory;
    expect(byHour.points.map((p: { at: string; compliant: number }) => [p.at, p.compliant])).toEqual([
      [at('09:05:00').toISOString(), 2],
      [at('10:30:00').toISOString(), 2],
    ]);
    const later = (await org.console.ok(HISTORY, { id, from: at('09:10:00'), to: at('12:00:00'), resolution: 'MINUTE' })).organization
      .complianceHistory;
    expect(later.points.map((p: { at: string; members: number }) => [p.at, p.members])).toEqual([
      [at('09:10:00').toISOString(), 4],
      [at('10:30:00').toISOString(), 3],
    ]);
    expect(later.markers).toEqual([]);
    const byDay = (
      await org.console.ok(HISTORY, {
        id,
        from: at('00:00:00'),
        to: new Date(at('00:00:00').getTime() + 2 * 86_400_000),
        resolution: 'DAY',
      })
    ).organization.complianceHistory;
    expect(byDay.points).toHaveLength(1);
    expect(byDay.points[0]).toMatchObject({ at: at('10:30:00').toISOString(), members: 3 });
  });

  it('refuses a backwards range, too many steps, a USER and a token without the scope', async () => {
    const id = org.organization.id;
    const refused = await org.console.request(HISTORY, { id, from: at('12:00:00'), to: at('08:00:00'), resolution: 'HOUR' });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    const tooMany = await org.console.request(HISTORY, {
      id,
      from: at('00:00:00'),
      to: new Date(at('00:00:00').getTime() + 30 * 86_400_000),
      resolution: 'MINUTE',
    });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'resolution' });
    const user = await world.factory.user({ twoFactor: true });
    await world.factory.member(id, user.id, 'USER');
    expect(await (await world.factory.client(user)).code(POINTS_ONLY, { id, from: at('08:00:00'), to: at('12:00:00') })).toBe('FORBIDDEN');
    await world.factory.query(`delete from membership where organization_id = ? and user_id = ?`, [id, user.id]);

    const members = await createToken(org, { name: 'Dashboard', scopes: ['MEMBERS_READ'] });
    const dashboard = integration(world.server, members.token);
    const read = await dashboard.ok(POINTS_ONLY, { id, from: at('08:00:00'), to: at('12:00:00') });
    expect(read.organization.complianceHistory.points).toHaveLength(3);
    // The markers name who changed the policy: the audit log's scope.
    expect(await dashboard.code(HISTORY, { id, from: at('08:00:00'), to: at('12:00:00'), resolution: 'HOUR' })).toBe('SCOPE_REQUIRED');
    const events = await createToken(org, { name: 'Events', scopes: ['EVENTS_READ'] });
    expect(await integration(world.server, events.token).code(POINTS_ONLY, { id, from: at('08:00:00'), to: at('12:00:00') })).toBe(
      'SCOPE_REQUIRED',
    );
  });

  it('exports the points as CSV, and refuses bad ranges and other organizations', async () => {
    const id = org.organization.id;
    const cookie = org.console.credentials.cookie!;
    const query = (params: Record<string, string>) =>
      `/export/compliance-history.csv?${new URLSearchParams({ organizationId: id, ...params }).toString()}`;
    const response = await download(
      world.url,
      query({ from: at('08:00:00').toISOString(), to: at('12:00:00').toISOString(), resolution: 'MINUTE' }),
      { cookie },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="compliance-history-/);
    const { header, rows } = await csvRows(response);
    expect(header).toEqual([
      'at',
      'members',
      'compliant',
      'exempt',
      'in_window',
      'non_compliant',
      'blocked',
      'compliance_percent',
      'required',
      'allowed_methods',
    ]);
    expect(rows).toEqual([
      [at('09:00:00').toISOString(), '4', '1', '1', '0', '2', '2', '33', 'true', 'ANY'],
      [at('09:05:00').toISOString(), '4', '2', '1', '0', '1', '1', '66', 'true', 'ANY'],
      [at('10:30:00').toISOString(), '3', '2', '1', '0', '0', '0', '100', 'true', 'ANY'],
    ]);
    const missing = await download(world.url, query({ to: at('12:00:00').toISOString() }), { cookie });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
    const garbled = await download(world.url, query({ from: 'yesterday', to: at('12:00:00').toISOString() }), { cookie });
    expect(await garbled.json()).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
    const other = await world.factory.organization();
    const elsewhere = await download(
      world.url,
      `/export/compliance-history.csv?${new URLSearchParams({ organizationId: other.id, from: at('08:00:00').toISOString(), to: at('12:00:00').toISOString() }).toString()}`,
      { cookie },
    );
    // As the API answers an organization the caller is not in: not found.
    expect(elsewhere.status).toBe(404);
  });

  it('gives an evidence report: policy and its changes, start and end, exemptions, resets, members without 2FA', async () => {
    const id = org.organization.id;
    // 11:30 — Nina lost her phone: her factors are reset, she is blocked again.
    world.clock.set(at('11:30:00'));
    await org.console.ok(`mutation($input: ResetMemberInput!) { resetMemberSecondFactors(input: $input) { id } }`, {
      input: { organizationId: id, userId: enrolling.id, proof: { password: org.admin.password }, confirm: true },
    });
    await recorded();
    world.clock.set(at('12:30:00'));
    const { evidenceReport: report } = (await org.console.ok(REPORT, { id, from: at('09:02:00'), to: at('12:00:00') })).organization;
    expect(report.generatedAt).toBe(at('12:30:00').toISOString());
    expect(report.generatedBy).toEqual({ userId: org.admin.id, tokenId: null, name: org.admin.displayName });
    expect(report.policy).toEqual({ twoFactorRequired: true, allowedMethods: 'ANY', newMemberWindowDays: 14 });
    expect(report.atStart).toMatchObject({ at: at('09:00:00').toISOString(), compliant: 1, blocked: 2 });
    expect(report.atEnd).toMatchObject({ at: at('11:30:00').toISOString(), compliant: 1, nonCompliant: 1, blocked: 1 });
    expect(report.history.resolution).toBe('MINUTE');
    expect(report.history.points.map((p: { at: string }) => p.at)).toEqual(
      [at('09:02:00'), at('09:05:00'), at('10:30:00'), at('11:30:00')].map((d) => d.toISOString()),
    );
    // The requirement came at 09:00:40, before the range; the window's change is in it.
    expect(report.policyChanges.edges.map((e: { node: { action: string } }) => e.node.action)).toEqual(['NEW_MEMBER_WINDOW_CHANGED']);
    expect(report.resetsAndLockouts.edges).toEqual([
      { node: { action: 'SECOND_FACTORS_RESET', target: { name: 'Nina Now' }, actor: { name: org.admin.displayName } } },
    ]);
    expect(report.exemptions.edges).toEqual([
      {
        node: {
          id: exempted.id,
          displayName: 'Erin Exempt',
          exemption: {
            reason: 'On leave until February',
            expiresAt: '2027-02-15T09:00:00.000Z',
            createdBy: { name: org.admin.displayName },
          },
        },
      },
    ]);
    expect(
      report.membersWithoutTwoFactor.edges.map((e: { node: { displayName: string; compliance: string } }) => [
        e.node.displayName,
        e.node.compliance,
      ]),
    ).toEqual([
      ['Erin Exempt', 'EXEMPT'],
      ['Nina Now', 'NON_COMPLIANT'],
    ]);
  });

  it('refuses the report to a token without both audit:read and members:read, and answers one with both', async () => {
    const id = org.organization.id;
    const range = { id, from: at('09:00:00'), to: at('12:00:00') };
    const auditOnly = await createToken(org, { name: 'Audit only', scopes: ['AUDIT_READ'] });
    expect(await integration(world.server, auditOnly.token).code(REPORT, range)).toBe('FORBIDDEN');
    const membersOnly = await createToken(org, { name: 'Members only', scopes: ['MEMBERS_READ'] });
    expect(await integration(world.server, membersOnly.token).code(REPORT, range)).toBe('SCOPE_REQUIRED');
    const both = await createToken(org, { name: 'Auditor', scopes: ['AUDIT_READ', 'MEMBERS_READ'] });
    const { evidenceReport } = (await integration(world.server, both.token).ok(REPORT, range)).organization;
    expect(evidenceReport.generatedBy).toEqual({ userId: null, tokenId: both.id, name: 'Auditor' });
    expect(evidenceReport.membersWithoutTwoFactor.edges).toHaveLength(2);
  });
});
