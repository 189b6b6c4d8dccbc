import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { vi } from 'vitest';
import { Webhook } from 'standardwebhooks';

export interface Received {
  headers: Record<string, string>;
  body: string;
  json: { id: string; type: string; timestamp: string; organizationId: string; data: Record<string, any> };
}

/**
 * A real HTTP receiver on loopback, as an integrator would run: it records every request and
 * answers with the statuses it is told (200 once the list is used up), or a redirect.
 */
export class Receiver {
  readonly received: Received[] = [];
  /** Answers to the next requests, in order: a status, or `{ redirect }`. */
  answers: (number | { redirect: string })[] = [];
  private server!: http.Server;
  url = '';

  async start(path = '/hooks'): Promise<this> {
    this.server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
        this.received.push({ headers, body, json: JSON.parse(body) as Received['json'] });
        const answer = this.answers.shift() ?? 200;
        if (typeof answer === 'object') response.writeHead(302, { location: answer.redirect }).end();
        else response.writeHead(answer, { 'content-type': 'text/plain' }).end(answer < 300 ? 'ok' : 'no');
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * Verifies a delivery with the `standardwebhooks` package (an implementation nobody here wrote):
 * signature, id and timestamp, judged at the server's clock `at` (the tests move it for retries).
 */
export function verify(secret: string, received: Received, at: Date): unknown {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(at);
  try {
    return new Webhook(secret).verify(received.body, received.headers);
  } finally {
    vi.useRealTimers();
  }
}
