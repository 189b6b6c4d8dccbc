import fc from 'fast-check';
import { complianceIn, complianceSql } from '@twostep/server';
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../support/use-test-server.js';

/**
 * The compliance rule is written twice: in TypeScript (the gate, for one person at a request) and
 * in SQL (lists, filters, counts, the preview). For any facts, PostgreSQL and Node must agree.
 */
const world = useTestServer({ mailWorkers: false, campaignWorkers: false, rolloutWorkers: false });

const now = new Date('2026-06-01T12:00:00Z');
/** A moment around now: none, past, this very instant, or ahead. */
const moment = fc.oneof(
  fc.constant(null),
  fc.constant(now),
  fc.integer({ min: -90, max: 90 }).map((days) => new Date(now.getTime() + days * 86_400_000 + 1)),
);
const literal = (d: Date | null): string => (d ? `'${d.toISOString()}'::timestamptz` : 'null::timestamptz');

describe('the compliance rule', () => {
  it('says the same in SQL as in TypeScript, for every kind of method and policy', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          twoFactorEnabled: fc.boolean(),
          phishingResistant: fc.boolean(),
          allowedMethods: fc.constantFrom('ANY' as const, 'PHISHING_RESISTANT' as const),
          twoFactorRequired: fc.boolean(),
          requiredFrom: moment,
          deadlineAt: moment,
          exemptUntil: moment,
        }),
        async (f) => {
          // A key is a method: an account with a key has 2FA on.
          const account = { twoFactorEnabled: f.twoFactorEnabled || f.phishingResistant, phishingResistant: f.phishingResistant };
          const organization = { id: 'o', name: 'O', ...f };
          const expected = complianceIn(account, organization, now);
          const { sql, params } = complianceSql(
            {
              twoFactorEnabled: String(account.twoFactorEnabled),
              phishingResistant: String(account.phishingResistant),
              allowedMethods: `'${f.allowedMethods}'`,
              twoFactorRequired: String(f.twoFactorRequired),
              requiredFrom: literal(f.requiredFrom),
              deadlineAt: literal(f.deadlineAt),
              exemptUntil: literal(f.exemptUntil),
            },
            now,
          );
          const [row] = await world.factory.query(`select ${sql} as compliance`, params);
          expect(row!.compliance).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counts only keys where only keys count', () => {
    const organization = { id: 'o', name: 'O', twoFactorRequired: true, requiredFrom: null, deadlineAt: null, exemptUntil: null };
    const app = { twoFactorEnabled: true, phishingResistant: false };
    expect(complianceIn(app, { ...organization, allowedMethods: 'ANY' }, now)).toBe('COMPLIANT');
    expect(complianceIn(app, { ...organization, allowedMethods: 'PHISHING_RESISTANT' }, now)).toBe('NON_COMPLIANT');
    expect(
      complianceIn({ twoFactorEnabled: true, phishingResistant: true }, { ...organization, allowedMethods: 'PHISHING_RESISTANT' }, now),
    ).toBe('COMPLIANT');
  });
});
