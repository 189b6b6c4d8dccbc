import type { EntityManager } from '@mikro-orm/postgresql';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../core/graphql/principal.js';
import type { AuditRecord, AuditService } from '../audit/index.js';
import { recordPolicyWriteUse } from './policy-write-use.js';

/** Collects what would be written, in place of the real audit service (which only persists into `em`). */
function recorder(): { audit: AuditService; records: AuditRecord[] } {
  const records: AuditRecord[] = [];
  return { audit: { record: (_em: EntityManager, record: AuditRecord) => records.push(record) } as unknown as AuditService, records };
}

const em = {} as EntityManager;
const organizationId = '7d1f0c8e-51c5-4f0e-9a4e-0f3b2b6a9c11';
const tokenId = 'b0c1d2e3-f405-4617-8829-3a4b5c6d7e8f';

describe('recordPolicyWriteUse', () => {
  it('audits a token that holds policy:write', () => {
    const { audit, records } = recorder();
    const principal: Principal = { kind: 'integration', tokenId, organizationId, scopes: new Set(['policy:write']) };
    expect(recordPolicyWriteUse(em, audit, principal, organizationId, { twoFactorRequired: true })).toBe(true);
    expect(records).toEqual([
      {
        organizationId,
        action: 'TOKEN_USED_POLICY_WRITE',
        actor: { tokenId },
        data: { twoFactorRequired: true, tokenId, scope: 'policy:write' },
      },
    ]);
  });

  it('records nothing for a person or a token without the scope', () => {
    const { audit, records } = recorder();
    const person: Principal = {
      kind: 'session',
      sessionId: tokenId,
      client: 'WEB',
      userId: tokenId,
      email: 'a@example.test',
      displayName: 'A',
      twoFactorEnabled: true,
      requiringOrganizations: [],
    };
    const reader: Principal = { kind: 'integration', tokenId, organizationId, scopes: new Set(['members:read']) };
    expect(recordPolicyWriteUse(em, audit, person, organizationId)).toBe(false);
    expect(recordPolicyWriteUse(em, audit, reader, organizationId)).toBe(false);
    expect(records).toEqual([]);
  });
});
