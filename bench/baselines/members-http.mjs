// Baseline of the members page: the same rows and the same count as Twostep's `members` field,
// with the raw `pg` driver, `node:http` and `JSON.stringify`, and nothing else (no auth, no
// GraphQL). Usage: node members-http.mjs <databaseUrl> <organizationId>; prints {"port": n}.
import http from 'node:http';
import pg from 'pg';

const [databaseUrl, organizationId] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: databaseUrl, max: 20 });

// The statements Twostep sends for this page (see the statement count of the scenario).
const rowsSql = `select m.organization_id, u.id, u.display_name, u.email, u.two_factor_enabled, m.role, m.kind, m.joined_at,
    (select max(la.created_at) from alert la where la.organization_id = m.organization_id and la.user_id = m.user_id) as last_alerted_at,
    lower(u.display_name) as sort_key
  from membership m join "user" u on u.id = m.user_id
  where m.organization_id = $1 and u.two_factor_enabled = $2
  order by lower(u.display_name) asc, u.id asc
  limit $3`;
const countSql = `select count(*) as count from membership m join "user" u on u.id = m.user_id where m.organization_id = $1 and u.two_factor_enabled = $2`;

const cursor = (parts) => Buffer.from(JSON.stringify(parts)).toString('base64url');

async function page(first) {
  const { rows } = await pool.query(rowsSql, [organizationId, false, first + 1]);
  const { rows: counted } = await pool.query(countSql, [organizationId, false]);
  const edges = rows.slice(0, first).map((row) => ({
    cursor: cursor([row.sort_key, row.id]),
    node: {
      id: row.id,
      displayName: row.display_name,
      email: row.email,
      role: row.role,
      kind: row.kind,
      twoFactorEnabled: row.two_factor_enabled,
      joinedAt: row.joined_at.toISOString(),
    },
  }));
  return {
    data: {
      organization: {
        members: {
          totalCount: Number(counted[0].count),
          edges,
          pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
        },
      },
    },
  };
}

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    page(100).then(
      (body) => {
        const json = JSON.stringify(body);
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
        res.end(json);
      },
      (error) => {
        res.writeHead(500);
        res.end(String(error));
      },
    );
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`));
process.on('SIGTERM', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
