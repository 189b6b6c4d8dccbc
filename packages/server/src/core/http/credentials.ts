import type http from 'node:http';
import { parseCookie } from 'cookie';

/** The cookie's value as written, left to `readCookie` to decode: see there. */
const asWritten = (value: string): string => value;

/**
 * Reads one cookie from a Cookie header: the first of that name, percent-decoded. A value whose
 * percent-encoding is malformed reads as absent (the `cookie` package's own decoder would hand it
 * back undecoded, or, returning nothing, let a later cookie of the same name win).
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  const value = parseCookie(header, { decode: asWritten })[name];
  if (value === undefined) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

export function headerValue(request: http.IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
