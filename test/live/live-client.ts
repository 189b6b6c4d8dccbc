import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { vi } from 'vitest';
import type { Twostep } from '@twostep/server';

/** How a socket proves who it is: the web cookie (with the upgrade's `Origin`) or a bearer token. */
export interface SocketCredentials {
  cookie?: string;
  origin?: string;
  bearer?: string;
}

export interface LiveResult {
  data?: any;
  errors?: { message: string; extensions?: Record<string, any> }[];
}

const wsUrl = (httpUrl: string): string => `${httpUrl.replace(/^http/, 'ws')}/graphql`;

/** `ws` with the upgrade headers a browser (cookie, Origin) would send. */
function socketClass(credentials: SocketCredentials): typeof WebSocket {
  const headers: Record<string, string> = {};
  if (credentials.cookie) headers.cookie = credentials.cookie;
  if (credentials.origin) headers.origin = credentials.origin;
  return class extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  } as typeof WebSocket;
}

/**
 * One subscription as a client sees it: results as they arrive, then either the end (`complete`)
 * or an error (the `error` message's errors, or the close code when the socket closed).
 */
export class Watch {
  readonly results: LiveResult[] = [];
  /** When each result arrived (ms since the epoch). */
  readonly arrivals: number[] = [];
  errors: LiveResult['errors'] | undefined;
  closeCode: number | undefined;
  completed = false;
  private waiters: (() => void)[] = [];

  constructor(readonly unsubscribe: () => void) {}

  push(update: () => void): void {
    update();
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  /** Waits until `check` holds, at most `timeoutMs`. */
  async until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.state())}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The n-th result (0-based), waiting for it. */
  async result(index: number, timeoutMs = 5_000): Promise<LiveResult> {
    await this.until(() => this.results.length > index, `result #${index}`, timeoutMs);
    return this.results[index]!;
  }

  /** The error that ended the subscription, waiting for it. */
  async failure(timeoutMs = 5_000): Promise<NonNullable<LiveResult['errors']>> {
    await this.until(() => this.errors !== undefined || this.closeCode !== undefined, 'an error', timeoutMs);
    if (!this.errors) throw new Error(`the socket closed (${this.closeCode}) instead of an error`);
    return this.errors;
  }

  async closed(timeoutMs = 5_000): Promise<number> {
    await this.until(() => this.closeCode !== undefined, 'the socket to close', timeoutMs);
    return this.closeCode!;
  }

  private state(): unknown {
    return { results: this.results, errors: this.errors, closeCode: this.closeCode, completed: this.completed };
  }
}

/** A real graphql-ws client on a server, as the console (cookie) or an app or dashboard (bearer) connects. */
export class LiveClient {
  readonly client: Client;
  /** Resolves once the server acknowledged `connection_init` (the socket is in its registry). */
  readonly connected: Promise<void>;
  private closeCode: number | undefined;

  constructor(httpUrl: string, credentials: SocketCredentials) {
    let acknowledged!: () => void;
    this.connected = new Promise((resolve) => (acknowledged = resolve));
    this.client = createClient({
      url: wsUrl(httpUrl),
      webSocketImpl: socketClass(credentials),
      connectionParams: credentials.bearer ? { authorization: `Bearer ${credentials.bearer}` } : {},
      retryAttempts: 0,
      lazy: true,
      // One socket for the client's whole life, as the console keeps it (closed by `dispose`).
      lazyCloseTimeout: 3_600_000,
      on: {
        connected: () => acknowledged(),
        closed: (event) => (this.closeCode = (event as { code?: number }).code),
      },
    });
  }

  subscribe(query: string, variables: Record<string, unknown> = {}): Watch {
    const watch: Watch = new Watch(() => unsubscribe());
    const unsubscribe = this.client.subscribe(
      { query, variables },
      {
        next: (value) =>
          watch.push(() => {
            watch.results.push(value as LiveResult);
            watch.arrivals.push(Date.now());
          }),
        error: (error) =>
          watch.push(() => {
            if (Array.isArray(error)) watch.errors = error as LiveResult['errors'];
            else watch.closeCode = (error as { code?: number }).code ?? -1;
          }),
        complete: () => watch.push(() => (watch.completed = true)),
      },
    );
    return watch;
  }

  /** A query or mutation over the socket: its one result, or the errors of an `error` message. */
  async request(query: string, variables: Record<string, unknown> = {}): Promise<LiveResult> {
    const watch = this.subscribe(query, variables);
    await watch.until(() => watch.completed || watch.errors !== undefined || watch.closeCode !== undefined, 'an answer');
    if (watch.errors) return { errors: watch.errors };
    if (watch.closeCode !== undefined) throw new Error(`socket closed (${watch.closeCode})`);
    return watch.results[0] ?? {};
  }

  get closedWith(): number | undefined {
    return this.closeCode;
  }

  dispose(): Promise<void> {
    return Promise.resolve(this.client.dispose());
  }
}

/**
 * A raw socket for close codes: opens with graphql-ws's subprotocol, sends `connection_init`
 * (unless told not to), and reports the ack or the close code.
 */
export function rawConnect(
  httpUrl: string,
  options: { headers?: Record<string, string>; payload?: Record<string, unknown>; init?: boolean } = {},
): Promise<{ acked: boolean; code?: number; socket: WebSocket }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl(httpUrl), 'graphql-transport-ws', { headers: options.headers });
    socket.on('open', () => {
      if (options.init !== false) socket.send(JSON.stringify({ type: 'connection_init', payload: options.payload ?? {} }));
    });
    socket.on('message', (raw) => {
      const text = (Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw as ArrayBuffer)).toString();
      if ((JSON.parse(text) as { type?: string }).type === 'connection_ack') resolve({ acked: true, socket });
    });
    socket.on('close', (code) => resolve({ acked: false, code, socket }));
    socket.on('error', reject);
  });
}

/** Polls until `check` holds (a subscription in place, a row written), at most `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  await vi.waitFor(
    async () => {
      if (!(await check())) throw new Error(`timed out waiting for ${what}`);
    },
    { timeout: timeoutMs, interval: 10 },
  );
}

/** Waits until the user or token has `count` subscriptions in place on the instance (events from then on arrive). */
export function subscribed(app: Twostep, subscriberId: string, count = 1): Promise<void> {
  return until(() => app.services.live.streamsOf(subscriberId) >= count, `${count} subscriptions of ${subscriberId}`);
}

export const MEMBER_CHANGED = `subscription($id: ID!) { memberSecurityChanged(organizationId: $id) {
  organizationId userId change at member { id email twoFactorEnabled role lastAlertedAt } alert { id state userId } } }`;
export const POLICY_CHANGED = `subscription($id: ID!) { organizationPolicyChanged(organizationId: $id) {
  organizationId twoFactorRequired changedAt changedBy { userId tokenId name } } }`;
export const SUMMARY_CHANGED = `subscription($id: ID!) { securitySummaryChanged(organizationId: $id) {
  organizationId at summary { members withTwoFactor withoutTwoFactor compliancePercent } } }`;
export const ACCESS_CHANGED = `subscription { viewerAccessChanged { blocked requiringOrganizations { id name } } }`;
export const REQUIRE = `mutation($input: SetTwoFactorRequirementInput!) { setTwoFactorRequirement(input: $input) { twoFactorRequired } }`;
export const SEND_ALERT = `mutation($input: SendAlertInput!) { sendAlert(input: $input) { id state } }`;
