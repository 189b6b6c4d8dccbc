import fs from 'node:fs';
import path from 'node:path';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../config.js';
import { documentLimits } from '../graphql/limits.js';

export interface HttpAppOptions {
  config: Config;
  orm: MikroORM;
  schemaFile: string;
  graphql: RequestHandler;
  /** Features' own HTTP routes (the CSV exports), mounted before the console and its client routes. */
  routes?: RequestHandler[];
}

/**
 * One port for everything: `/graphql` (the API), `/schema.graphql` (the published schema),
 * `/healthz`, the features' routes (`/export/…`), and the built console with its client routes.
 */
export function createHttpApp({ config, orm, schemaFile, graphql, routes = [] }: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy ? 'loopback, linklocal, uniquelocal' : false);

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          'connect-src': ["'self'", config.publicUrl.replace(/^http/, 'ws')],
          'frame-ancestors': ["'none'"],
          'upgrade-insecure-requests': config.publicUrl.startsWith('https:') ? [] : null,
        },
      },
      referrerPolicy: { policy: 'no-referrer' },
      // The legacy header says what `frame-ancestors 'none'` says, for browsers without CSP 2.
      frameguard: { action: 'deny' },
      strictTransportSecurity: config.publicUrl.startsWith('https:'),
    }),
  );

  app.get('/healthz', (_req, res) => {
    orm.em
      .getConnection()
      .execute('select 1 as ok')
      .then(() => res.json({ status: 'ok', database: 'up' }))
      .catch(() => res.status(503).json({ status: 'unavailable', database: 'down' }));
  });

  app.get('/schema.graphql', (_req, res) => {
    res.type('text/plain; charset=utf-8').sendFile(schemaFile);
  });

  app.use('/graphql', express.json({ limit: documentLimits.maxBodyBytes }), graphql);
  for (const route of routes) app.use(route);

  const indexHtml = path.join(config.webDistDir, 'index.html');
  if (fs.existsSync(indexHtml)) {
    app.use(consoleAtPublicOrigin(config));
    app.use(express.static(config.webDistDir, { index: false, maxAge: '1h' }));
    // Client routes have no file extension; a missing asset stays a 404.
    app.get(/^\/(?!graphql|healthz|schema\.graphql)(?!.*\.[A-Za-z0-9]+$).*/, (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(indexHtml);
    });
  } else {
    app.get('/', (_req, res) => {
      res.type('text/plain').send('Twostep API is running. The console is not built: run `pnpm build`.\n');
    });
  }

  // Body parser errors answer with a code, never a stack: 413 too large, 415 a charset or
  // Content-Encoding it cannot read, any other 4xx (bad JSON, an aborted body) the client's bad
  // request; only a 5xx is the server's failure.
  app.use(((err: unknown, _req, res, next) => {
    if (!err) return next();
    const { status: rawStatus, message } = err as { status?: unknown; message?: string };
    const status = typeof rawStatus === 'number' && rawStatus >= 400 && rawStatus < 600 ? rawStatus : 500;
    // Codes of the shared ErrorCode.
    const code =
      status === 413
        ? 'PAYLOAD_TOO_LARGE'
        : status === 415
          ? 'UNSUPPORTED_MEDIA_TYPE'
          : status < 500
            ? 'BAD_REQUEST'
            : 'INTERNAL_SERVER_ERROR';
    res
      .status(status)
      .json({ errors: [{ message: code === 'INTERNAL_SERVER_ERROR' ? 'Internal server error' : message, extensions: { code } }] });
  }) as express.ErrorRequestHandler);

  return app;
}

/**
 * The console lives at exactly PUBLIC_URL's origin: cookie WebSockets are accepted from there only.
 * A page asked for at another name of this server (127.0.0.1 instead of localhost) is redirected
 * there, so its live updates keep working. Only page and asset GETs move; the API, the health
 * check and the schema answer at any name. Behind a proxy the host is the one the proxy passes
 * (`Host`, or `X-Forwarded-Host` with TRUST_PROXY).
 */
function consoleAtPublicOrigin(config: Config): RequestHandler {
  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || /^\/(graphql|healthz|schema\.graphql)(\/|$)/.test(req.path)) return next();
    // Read at each request: tests set the public address once the port is known.
    const publicUrl = new URL(config.publicUrl);
    const forwarded = config.trustProxy ? req.get('x-forwarded-host') : undefined;
    const host = (forwarded ?? req.get('host'))?.split(',')[0]?.trim().toLowerCase();
    if (!host || host === publicUrl.host) return next();
    res.redirect(308, `${publicUrl.origin}${req.originalUrl}`);
  };
}
