import { describe, expect, it } from 'vitest';
import { administered, DAY_MS, type Administered } from '../invitations/invitations.js';
import { type TestUser } from '../support/factory.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * Reminders of a scheduled requirement, the mails to legal representatives when protection
 * weakens, the exemption's three-day warning, the lockout preview and the organization's time
 * zone (issue 14). The clock moves through a whole plan; the sweeper and the campaign runner run
 * by hand, so each step shows exactly what one round does; mail goes to the SMTP sink.
 */
const SCHEDULE = `mutation($input: ScheduleTwoFactorRequirementInput!) { scheduleTwoFactorRequirement(input: $input) { requiredFrom } }`;
const REQUIRE = `mutation($input: SetTwoFactorRequirementInput!) { setTwoFactorRequirement(input: $input) { twoFactorRequired } }`;
const OFFSETS = `mutation($input: SetReminderOffsetsInput!) { setReminderOffsets(input: $input) { reminderOffsets } }`;
const ZONE = `mutation($input: SetOrganizationTimeZoneInput!) { setOrganizationTimeZone(input: $input) { timeZone } }`;
const REMINDERS = `query($id: ID!) { organization(id: $id) { securityPolicy { reminderOffsets reminders { offsetDays dueAt state campaignId } } } }`;
const EXEMPT = `mutation($input: ExemptMemberInput!) { exemptMember(input: $input) { compliance } }`;
const ALERT = `mutation($input: SendAlertInput!) { sendAlert(input: $input) { id } }`;
const PREVIEW = `query($id: ID!, $at: DateTimeISO, $first: Int, $after: String, $search: String) { organization(id: $id) {
  lockoutPreview(at: $at, first: $first, after: $after, search: $search) {
    at totalCount byRole { key count } byKind { key count }
    candidates { member { id displayName compliance } clients lastWebSignInAt } pageInfo { hasNextPage endCursor } } } }`;

const world = useTestServer({ rolloutWorkers: false, campaignWorkers: false });

interface Plan extends Administered {
  ann: TestUser;
  ben: TestUser;
  cat: TestUser;
  dan: TestUser;
}

/** Lea (legal representative, 2FA) and four members: Ann, Ben and Dan without 2FA, Cat with. */
async function plan(): Promise<Plan> {
  const org = await administered(world.factory, 'LEGAL_REPRESENTATIVE');
  const people = await Promise.all(
    (['Ann', 'Ben', 'Cat', 'Dan'] as const).map((name) => world.factory.user({ displayName: `${name} Member`, twoFactor: name === 'Cat' })),
  );
  for (const person of people) await world.factory.member(org.organization.id, person.id, 'USER');
  const [ann, ben, cat, dan] = people as [TestUser, TestUser, TestUser, TestUser];
  return { ...org, ann, ben, cat, dan };
}

const later = (days: number): string => new Date(world.clock.now().getTime() + days * DAY_MS).toISOString();

/** One sweeper round's work and the campaigns it started, run to the end. */
async function sweep(): Promise<void> {
  await world.app.rolloutSweeper.drain();
  await world.app.campaignRunner.drain();
}

async function remindersTo(organizationId: string): Promise<{ to: string; offset: number }[]> {
  const rows = await world.factory.query(
    `select mm.to_address, (mm.data->>'reminderOffset')::int as offset from mail_message mm
     where mm.organization_id = ? and mm.template = 'two-factor-alert' and mm.data->>'reminderOffset' is not null order by 2 desc, 1`,
    [organizationId],
  );
  return rows.map((r) => ({ to: r.to_address as string, offset: Number(r.offset) }));
}

describe('reminders of a scheduled requirement', () => {
  it('go to members without 2FA who are not exempt, once per offset, skipping recent manual alerts, through moves of the date', async () => {
    const p = await plan();
    const id = p.organization.id;
    const date = later(20);
    await p.console.ok(SCHEDULE, { input: { organizationId: id, requiredFrom: date, confirm: true } });
    const planned = (await p.console.ok(REMINDERS, { id })).organization.securityPolicy;
    expect(planned.reminderOffsets).toEqual([14, 7, 1]);
    expect(planned.reminders.map((r: { offsetDays: number; state: string }) => [r.offsetDays, r.state])).toEqual([
      [14, 'PENDING'],
      [7, 'PENDING'],
      [1, 'PENDING'],
      [0, 'PENDING'],
    ]);
    await p.console.ok(EXEMPT, { input: { organizationId: id, userId: p.ben.id, reason: 'On leave', expiresAt: later(60) } });

    // 14 days before: Ann and Dan (Ben is exempt, Cat has 2FA). Sweeping twice sends nothing more.
    world.clock.set(new Date(Date.parse(date) - 14 * DAY_MS + 1000));
    await sweep();
    await sweep();
    expect(await remindersTo(id)).toEqual([
      { to: p.ann.email, offset: 14 },
      { to: p.dan.email, offset: 14 },
    ]);
    const mail = await world.smtp.waitFor((m) => m.to.includes(p.ann.email) && m.subject.includes('requires two-step verification from'));
    expect(mail.text).toContain(p.organization.name);

    // Dan is alerted by hand half a day before the 7-day reminder: that reminder skips him.
    world.clock.set(new Date(Date.parse(date) - 7.5 * DAY_MS));
    const console = await world.factory.client(p.admin);
    await console.ok(ALERT, { input: { organizationId: id, userId: p.dan.id, confirm: true } });
    world.clock.set(new Date(Date.parse(date) - 7 * DAY_MS + 1000));
    await sweep();
    expect((await remindersTo(id)).filter((r) => r.offset === 7)).toEqual([{ to: p.ann.email, offset: 7 }]);
    const [campaign] = await world.factory.query(
      `select queued_count, skipped_count from alert_campaign where organization_id = ? and reminder_offset = 7`,
      [id],
    );
    expect(campaign).toMatchObject({ queued_count: 1, skipped_count: 2 });

    // The date moves five days later: what was sent stays sent, what is ahead waits for the new date.
    const moved = new Date(Date.parse(date) + 5 * DAY_MS).toISOString();
    const admin = await world.factory.client(p.admin);
    await admin.ok(SCHEDULE, { input: { organizationId: id, requiredFrom: moved, confirm: true } });
    const after = (await admin.ok(REMINDERS, { id })).organization.securityPolicy.reminders;
    expect(after.map((r: { offsetDays: number; state: string }) => [r.offsetDays, r.state])).toEqual([
      [14, 'SENT'],
      [7, 'SENT'],
      [1, 'PENDING'],
      [0, 'PENDING'],
    ]);
    // Moving later weakens protection: the legal representative is told.
    await world.smtp.waitFor((m) => m.to.includes(p.admin.email) && m.subject.includes('moved later'));

    // Cat's peer Ann sets nothing up; at the new date the switch and its reminder go out together.
    world.clock.set(new Date(Date.parse(moved) - DAY_MS + 1000));
    await sweep();
    world.clock.set(new Date(Date.parse(moved) + 1000));
    await sweep();
    expect((await remindersTo(id)).filter((r) => r.to === p.ann.email).map((r) => r.offset)).toEqual([14, 7, 1, 0]);
    await world.smtp.waitFor((m) => m.to.includes(p.ann.email) && m.subject.includes('now requires two-step verification'));
    const sent = (await (await world.factory.client(p.admin)).ok(REMINDERS, { id })).organization.securityPolicy.reminders;
    expect(sent.every((r: { state: string; campaignId: string | null }) => r.state === 'SENT' && r.campaignId)).toBe(true);
  });

  it('skips offsets already past when the date is set, and refuses bad offsets', async () => {
    const p = await plan();
    const id = p.organization.id;
    for (const offsets of [[0], [61], [1, 2, 3, 4, 5, 6], [7, 7]]) {
      expect(await p.console.code(OFFSETS, { input: { organizationId: id, offsets } })).toBe('BAD_USER_INPUT');
    }
    expect((await p.console.ok(OFFSETS, { input: { organizationId: id, offsets: [3, 30] } })).setReminderOffsets.reminderOffsets).toEqual([
      30, 3,
    ]);
    await p.console.ok(SCHEDULE, { input: { organizationId: id, requiredFrom: later(10), confirm: true } });
    const reminders = (await p.console.ok(REMINDERS, { id })).organization.securityPolicy.reminders;
    expect(reminders.map((r: { offsetDays: number; state: string }) => [r.offsetDays, r.state])).toEqual([
      [30, 'SKIPPED'],
      [3, 'PENDING'],
      [0, 'PENDING'],
    ]);
    // Requiring now ends the plan and its reminders.
    await p.console.ok(REQUIRE, { input: { organizationId: id, required: true, confirm: true } });
    expect((await p.console.ok(REMINDERS, { id })).organization.securityPolicy.reminders).toEqual([]);
  });
});

describe('when protection weakens', () => {
  it('every legal representative is mailed: lifted, cancelled, exemption created', async () => {
    const p = await plan();
    const id = p.organization.id;
    const second = await world.factory.user({ displayName: 'Second Legal', twoFactor: true });
    await world.factory.member(id, second.id, 'LEGAL_REPRESENTATIVE', 'EXTERNAL');
    expect(await p.console.ok(ZONE, { input: { organizationId: id, timeZone: 'Europe/Paris' } })).toEqual({
      setOrganizationTimeZone: { timeZone: 'Europe/Paris' },
    });
    expect(await p.console.code(ZONE, { input: { organizationId: id, timeZone: 'Mars/Olympus' } })).toBe('BAD_USER_INPUT');
    await p.console.ok(REQUIRE, { input: { organizationId: id, required: true, confirm: true } });
    await p.console.ok(REQUIRE, { input: { organizationId: id, required: false, confirm: true } });
    for (const person of [p.admin, second]) await world.smtp.waitFor((m) => m.to.includes(person.email) && m.subject.includes('lifted'));
    const date = later(3);
    await p.console.ok(SCHEDULE, { input: { organizationId: id, requiredFrom: date, confirm: true } });
    await p.console.ok(
      `mutation($id: ID!) { cancelScheduledTwoFactorRequirement(input: { organizationId: $id, confirm: true }) { requiredFrom } }`,
      {
        id,
      },
    );
    const cancelled = await world.smtp.waitFor((m) => m.to.includes(second.email) && m.subject.includes('cancelled'));
    // The date in the organization's time zone.
    expect(cancelled.text).toContain('(Europe/Paris)');
    await p.console.ok(EXEMPT, { input: { organizationId: id, userId: p.ann.id, reason: 'Hardware on order', expiresAt: later(5) } });
    const exempted = await world.smtp.waitFor((m) => m.to.includes(second.email) && m.subject.includes('exempted'));
    expect(exempted.text).toContain('Ann Member');
    expect(exempted.text).toContain('Hardware on order');
  });

  it('three days before an exemption ends, the member and the administrators are told, once', async () => {
    const p = await plan();
    const id = p.organization.id;
    await p.console.ok(EXEMPT, { input: { organizationId: id, userId: p.ann.id, reason: 'Travelling', expiresAt: later(10) } });
    world.clock.advance(7 * DAY_MS + 1000);
    await sweep();
    await sweep();
    const warnings = await world.factory.query(
      `select to_address from mail_message where organization_id = ? and template = 'exemption-ending'`,
      [id],
    );
    expect(warnings.map((w) => w.to_address).sort()).toEqual([p.admin.email, p.ann.email].sort());
    await world.smtp.waitFor((m) => m.to.includes(p.ann.email) && m.subject.includes('ends soon'));
  });
});

describe('the lockout preview', () => {
  it('names who would be blocked now and at the date, with the clients they use, by role and kind, in pages', async () => {
    const p = await plan();
    const id = p.organization.id;
    await world.factory.sessionToken(p.dan.id, 'DESKTOP');
    await world.factory.sessionToken(p.dan.id, 'WEB');
    await p.console.ok(EXEMPT, { input: { organizationId: id, userId: p.ben.id, reason: 'On leave', expiresAt: later(5) } });
    const now = (await p.console.ok(PREVIEW, { id })).organization.lockoutPreview;
    expect(now.totalCount).toBe(2);
    expect(now.candidates.map((c: { member: { displayName: string } }) => c.member.displayName)).toEqual(['Ann Member', 'Dan Member']);
    expect(now.candidates[1]).toMatchObject({ clients: ['DESKTOP', 'WEB'] });
    expect(now.candidates[1].lastWebSignInAt).not.toBeNull();
    expect(now.candidates[0]).toMatchObject({ clients: [], lastWebSignInAt: null });
    expect(now.byRole).toContainEqual({ key: 'USER', count: 2 });

    // At a date after Ben's exemption runs out, Ben is named too; pages of one.
    const at = later(6);
    const first = (await p.console.ok(PREVIEW, { id, at, first: 1 })).organization.lockoutPreview;
    expect(first).toMatchObject({ at, totalCount: 3, pageInfo: { hasNextPage: true } });
    const rest = (await p.console.ok(PREVIEW, { id, at, first: 5, after: first.pageInfo.endCursor })).organization.lockoutPreview;
    expect([...first.candidates, ...rest.candidates].map((c: { member: { displayName: string } }) => c.member.displayName)).toEqual([
      'Ann Member',
      'Ben Member',
      'Dan Member',
    ]);
    expect((await p.console.ok(PREVIEW, { id, search: 'dan' })).organization.lockoutPreview.totalCount).toBe(1);
    expect(await p.console.code(PREVIEW, { id, at: later(-1) })).toBe('BAD_USER_INPUT');
    expect(await p.console.code(PREVIEW, { id, after: 'garbage' })).toBe('BAD_USER_INPUT');
  });
});
