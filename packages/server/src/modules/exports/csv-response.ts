import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { Response } from 'express';

/**
 * Streams pages of rows to the response as CSV: UTF-8 with a BOM (spreadsheets then read accents
 * right), a header line, and cells that begin with `=`, `+`, `-`, `@`, a tab or a carriage return
 * prefixed with `'` so that no spreadsheet runs them as formulas. The first page is read before
 * the status is sent, so a failure there is still answered with an error; `pipeline` carries the
 * response's backpressure back to the page reads and ends them when the client goes away.
 */
export async function sendCsv(
  res: Response,
  options: { filename: string; columns: readonly string[]; pages: AsyncGenerator<string[][], void, undefined> },
): Promise<void> {
  const { pages } = options;
  let page = await pages.next();
  res.status(200);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${options.filename}"`);
  res.setHeader('Cache-Control', 'no-store');
  async function* rows(): AsyncGenerator<string[], void, undefined> {
    try {
      while (!page.done) {
        yield* page.value;
        page = await pages.next();
      }
    } finally {
      await pages.return();
    }
  }
  await pipeline(Readable.from(rows()), stringify({ bom: true, header: true, columns: [...options.columns], escape_formulas: true }), res);
}
