import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

/** Resolves a host name to its addresses (injectable: tests stub names, this machine has no DNS). */
export type ResolveHost = (hostname: string) => Promise<string[]>;

export const systemResolve: ResolveHost = async (hostname) =>
  (await dns.promises.lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/** Why a delivery attempt got no 2xx answer (stable: `WebhookAttempt.failure`). */
export type OutboundFailure = 'ADDRESS_REFUSED' | 'DNS' | 'TIMEOUT' | 'CONNECTION' | 'REDIRECT' | 'STATUS';

export interface OutboundResult {
  ok: boolean;
  status: number | null;
  durationMs: number;
  failure: OutboundFailure | null;
  /** A short, safe description (an address refused, an error's code); never the response body. */
  detail: string | null;
}

/**
 * Addresses a webhook may never reach: loopback, private, shared (CGNAT), link-local (cloud
 * metadata at 169.254.169.254), documentation, benchmarking, multicast and reserved ranges, in
 * IPv4 and IPv6, NAT64 forms included. IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`) are judged
 * by the IPv4 rules: `BlockList` compares them so (and an IPv6 rule for `::ffff:0:0/96` would
 * match every IPv4 address).
 */
const nonPublic = new net.BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  nonPublic.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  nonPublic.addSubnet(network, prefix, 'ipv6');

const loopback = new net.BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** Whether a webhook may connect to this address: public, or loopback when the setting allows it. */
export function reachable(address: string, allowLoopback: boolean): boolean {
  const family = net.isIP(address) === 6 ? 'ipv6' : 'ipv4';
  if (net.isIP(address) === 0) return false;
  if (allowLoopback && loopback.check(address, family)) return true;
  return !nonPublic.check(address, family);
}

/** The URL's host without IPv6 brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

export interface OutboundOptions {
  resolve: ResolveHost;
  allowLoopback: boolean;
  timeoutMs: number;
  maxResponseBytes: number;
}

/**
 * POSTs a webhook without ever reaching a non-public address: the host is resolved first, every
 * address it resolves to is checked, and the connection goes to the checked address (the socket's
 * lookup answers with it), so a name that changes its answer between the check and the connection
 * (DNS rebinding) cannot lead elsewhere. Redirects are not followed; at most `maxResponseBytes` of
 * the answer are read; the whole attempt is cut at `timeoutMs`.
 */
export async function postWebhook(
  target: string,
  body: string,
  headers: Record<string, string>,
  options: OutboundOptions,
): Promise<OutboundResult> {
  const started = performance.now();
  const done = (result: Omit<OutboundResult, 'durationMs' | 'ok'>): OutboundResult => ({
    ...result,
    ok: result.failure === null,
    durationMs: Math.round(performance.now() - started),
  });
  const url = new URL(target);
  const host = hostOf(url);
  let addresses: string[];
  try {
    addresses = net.isIP(host) ? [host] : await withTimeout(options.resolve(host), options.timeoutMs);
  } catch (error) {
    return done({ status: null, failure: 'DNS', detail: codeOf(error) });
  }
  if (addresses.length === 0) return done({ status: null, failure: 'DNS', detail: 'no address' });
  const refused = addresses.find((a) => !reachable(a, options.allowLoopback));
  if (refused !== undefined) return done({ status: null, failure: 'ADDRESS_REFUSED', detail: refused });
  const address = addresses[0]!;
  const family = net.isIP(address);
  return new Promise<OutboundResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<OutboundResult, 'durationMs' | 'ok'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(done(result));
    };
    const request = (url.protocol === 'https:' ? https : http).request({
      protocol: url.protocol,
      host,
      port: url.port || (url.protocol === 'https:' ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      agent: false,
      servername: net.isIP(host) ? undefined : host,
      lookup: (_name, lookupOptions, callback) => {
        if ((lookupOptions as { all?: boolean }).all)
          (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
        else (callback as (e: null, a: string, f: number) => void)(null, address, family);
      },
    });
    const timer = setTimeout(() => finish({ status: null, failure: 'TIMEOUT', detail: `${options.timeoutMs} ms` }), options.timeoutMs);
    request.on('error', (error) => finish({ status: null, failure: 'CONNECTION', detail: codeOf(error) }));
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      let read = 0;
      const end = (): void => {
        if (status >= 200 && status < 300) finish({ status, failure: null, detail: null });
        else if (status >= 300 && status < 400) finish({ status, failure: 'REDIRECT', detail: 'redirects are not followed' });
        else finish({ status, failure: 'STATUS', detail: null });
      };
      response.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read >= options.maxResponseBytes) end();
      });
      response.on('end', end);
      response.on('error', end);
    });
    request.end(body);
  });
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code.slice(0, 40) : 'error';
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { code: 'ETIMEOUT' })), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
