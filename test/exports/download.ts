import type { Credentials } from '../support/graphql-client.js';

/** The members export's columns, as docs/api.md documents them. */
export const MEMBER_COLUMNS = [
  'id',
  'name',
  'email',
  'role',
  'kind',
  'joined_at',
  'compliance',
  'two_factor_methods',
  'exemption_reason',
  'exemption_expires_at',
  'deadline',
  'blocked_since',
  'last_alerted_at',
];

/** The audit export's columns, as docs/api.md documents them. */
export const AUDIT_COLUMNS = ['id', 'at', 'action', 'actor', 'actor_user_id', 'actor_token_id', 'target', 'target_user_id', 'details'];

/** A GET of an export, as a browser (the session cookie) or an integrator's script (a bearer token) sends it. */
export function download(baseUrl: string, path: string, credentials: Credentials = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  if (credentials.cookie) headers.cookie = credentials.cookie;
  if (credentials.bearer) headers.authorization = `Bearer ${credentials.bearer}`;
  return fetch(`${baseUrl}${path}`, { headers });
}

/** Reads a whole export: its bytes must begin with the UTF-8 BOM; returns the rows after the header. */
export async function csvRows(response: Response): Promise<{ header: string[]; rows: string[][] }> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] !== 0xef || bytes[1] !== 0xbb || bytes[2] !== 0xbf) throw new Error('the export does not begin with a UTF-8 BOM');
  const [header = [], ...rows] = parseCsv(new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes));
  return { header, rows };
}

/**
 * A small RFC 4180 reader (as a spreadsheet reads the file): `,` between cells, `\n` or `\r\n`
 * between records, quoted cells with `""` for a quote inside.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') cell += c;
      else if (text[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(cell);
      cell = '';
    } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      if (c === '\r') i++;
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || record.length > 0) records.push([...record, cell]);
  return records;
}

/** One exported row as an object keyed by the header's names. */
export function byColumn(header: string[], row: string[]): Record<string, string> {
  return Object.fromEntries(header.map((name, i) => [name, row[i] ?? '']));
}
