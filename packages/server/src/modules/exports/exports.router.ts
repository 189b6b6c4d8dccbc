import express, { type Request, type Response, type Router } from 'express';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Scope, Surface } from '@twostep/shared';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { CredentialResolver } from '../accounts/index.js';
import { authorize, judgeReach, Permission, type OrganizationActor } from '../access/index.js';
import { auditColumns } from './audit-columns.js';
import { sendCsv } from './csv-response.js';
import { answerError } from './export-errors.js';
import { auditPages, memberPages } from './export-pages.js';
import { auditFilterOf, historyRangeOf, memberFilterOf, organizationIdOf } from './export-query.js';
import { historyCells, historyColumns } from './history-columns.js';
import { queryComplianceHistory } from '../compliance-history/index.js';
import { memberColumns } from './member-columns.js';

export interface ExportsDeps {
  orm: MikroORM;
  clock: Clock;
  log: Logger;
  /** The API's credential rules: the web session cookie, or a bearer token. */
  authenticate: CredentialResolver;
}

/**
 * The CSV exports, `GET /export/members.csv`, `GET /export/audit.csv` and
 * `GET /export/compliance-history.csv` (docs/api.md, "Exports").
 * A caller is judged exactly as the API judges one reading the member list or the audit log: the
 * gate's surface rules (a token needs the scope, app tokens are refused, a blocked web user gets
 * TWO_FACTOR_REQUIRED), then `authorize` with the same permission. The handlers only read: a GET
 * with the session cookie (which a cross-site page can make the browser send) changes nothing,
 * and records no blocked attempt.
 */
export function exportsRouter(deps: ExportsDeps): Router {
  const router = express.Router();

  router.get('/export/members.csv', async (req: Request, res: Response) => {
    const em = deps.orm.em.fork();
    try {
      const actor = await admit(deps, em, req, Scope.MEMBERS_READ, Permission.READ_MEMBERS);
      const filter = memberFilterOf(req.query);
      const now = deps.clock.now();
      await sendCsv(res, {
        filename: fileName('members', actor, now),
        columns: memberColumns,
        pages: memberPages(em, actor.organizationId, filter, now),
      });
    } catch (error) {
      answerError(res, error, deps.log);
    }
  });

  router.get('/export/audit.csv', async (req: Request, res: Response) => {
    const em = deps.orm.em.fork();
    try {
      const actor = await admit(deps, em, req, Scope.AUDIT_READ, Permission.READ_AUDIT);
      const filter = auditFilterOf(req.query);
      await sendCsv(res, {
        filename: fileName('audit', actor, deps.clock.now()),
        columns: auditColumns,
        pages: auditPages(em, actor.organizationId, filter),
      });
    } catch (error) {
      answerError(res, error, deps.log);
    }
  });

  router.get('/export/compliance-history.csv', async (req: Request, res: Response) => {
    const em = deps.orm.em.fork();
    try {
      const actor = await admit(deps, em, req, Scope.MEMBERS_READ, Permission.READ_MEMBERS);
      const range = historyRangeOf(req.query);
      const history = await queryComplianceHistory(em, actor.organizationId, range);
      await sendCsv(res, {
        filename: fileName('compliance-history', actor, deps.clock.now()),
        columns: historyColumns,
        pages: onePage(history.points.map(historyCells)),
      });
    } catch (error) {
      answerError(res, error, deps.log);
    }
  });

  return router;
}

/** A history is at most 2,000 points: one page. */
async function* onePage(rows: string[][]): AsyncGenerator<string[][], void, undefined> {
  yield rows;
}

/** Who asks, judged as the gate judges a field of the integration surface with this scope, then authorized. */
async function admit(deps: ExportsDeps, em: EntityManager, req: Request, scope: Scope, permission: Permission): Promise<OrganizationActor> {
  const principal = await deps.authenticate(em, req.headers.cookie, req.headers.authorization);
  judgeReach(principal, { fields: [{ surfaces: new Set([Surface.WEB, Surface.INTEGRATION]), scope }], scopes: new Set([scope]) });
  return authorize(em, principal, organizationIdOf(req.query), permission);
}

/** `members-<organization id>-<YYYY-MM-DD>.csv`: only characters no header or file system mangles. */
function fileName(what: string, actor: OrganizationActor, now: Date): string {
  return `${what}-${actor.organizationId}-${now.toISOString().slice(0, 10)}.csv`;
}
