import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify/sync';
import type { Response } from 'express';

/**
 * Streams pages of rows to the response as CSV: UTF-8 with a BOM (spreadsheets then read accents
 * right), a header line, and cells that begin with `=`, `+`, `-`, `@`, a tab or a carriage return
 * prefixed with `'` so that no spreadsheet runs them as formulas. The first page is read before
 * the status is sent, so a failure there is still answered with an error; `pipeline` carries the
 * response's backpressure back to the page reads and ends them when the client goes away.
 *
 * Each page becomes one piece of text as soon as it is read, so its rows are garbage at once:
 * while the response waits for the client, the server holds text, not a thousand rows of objects
 * (which lived long enough to reach the old generation and grew the heap with the file's length).
 */
export async function sendCsv(
  res: Response,
  options: { filename: string; columns: readonly string[]; pages: AsyncGenerator<string[][], void, undefined> },
): Promise<void> {
  const { pages, columns } = options;
  let first = true;
  const text = (rows: string[][]): string => {
    const csv = stringify(rows, { bom: first, header: first, columns: [...columns], escape_formulas: true });
    first = false;
    return csv;
  };
  const next = async (): Promise<string | undefined> => {
    const page = await pages.next();
    return page.done ? undefined : text(page.value);
  };
  let piece = await next();
  res.status(200);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${options.filename}"`);
  res.setHeader('Cache-Control', 'no-store');
  async function* pieces(): AsyncGenerator<string, void, undefined> {
    try {
      // A file with no rows still has its BOM and header.
      yield piece ?? text([]);
      while ((piece = await next()) !== undefined) yield piece;
    } finally {
      await pages.return();
    }
  }
  await pipeline(Readable.from(pieces(), { objectMode: false }), res);
}
