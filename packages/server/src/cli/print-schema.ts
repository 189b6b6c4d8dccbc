import fs from 'node:fs';
import { buildSchemaOnly, schemaFile } from '../app.js';
import { printTwostepSchema } from '../core/graphql/schema.js';

/** Prints the schema into `schema.graphql`; with `--check`, fails when the committed file differs. */
const printed = printTwostepSchema(await buildSchemaOnly());
if (process.argv.includes('--check')) {
  const committed = fs.existsSync(schemaFile) ? fs.readFileSync(schemaFile, 'utf8') : '';
  if (committed !== printed) {
    process.stderr.write('schema.graphql differs from the code: run `pnpm schema:print` and commit it.\n');
    process.exit(1);
  }
  process.stdout.write('schema.graphql is up to date.\n');
} else {
  fs.writeFileSync(schemaFile, printed);
  process.stdout.write(`wrote ${schemaFile}\n`);
}
