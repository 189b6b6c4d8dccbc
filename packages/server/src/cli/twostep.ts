#!/usr/bin/env node
import 'reflect-metadata';
import { ErrorCode } from '@twostep/shared';
import { ConfigError, loadConfig } from '../core/config.js';
import { DomainError } from '../core/errors.js';
import { demoCode } from '../modules/demo/index.js';
import { checkCreateOrganization, createOrganization } from './create-organization.js';
import { parseOptions, usage, UsageError } from './operator-args.js';
import { openOperatorRuntime, operatorLogger, type OperatorRuntime } from './operator-runtime.js';
import { checkResetMember, resetMember } from './reset-member.js';

/**
 * The operator command (`pnpm twostep <command>`): what production needs done outside the API.
 * Production has no demo data, so `create-organization` is how the first legal representative
 * gets in. Each command checks its arguments, opens the server's database, does its work in one
 * transaction, delivers its mail once and exits.
 */

/** Option names for the fields that domain errors name. */
const optionOf: Record<string, string> = {
  name: '--name',
  legalRepresentative: '--legal-representative',
  kind: '--kind',
  email: '--email',
};

async function withRuntime(work: (runtime: OperatorRuntime) => Promise<string[]>): Promise<string[]> {
  const config = loadConfig();
  const runtime = await openOperatorRuntime(config, operatorLogger(config));
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

async function run(argv: string[]): Promise<string[]> {
  const [command, ...args] = argv;
  switch (command) {
    case 'create-organization': {
      const options = parseOptions(args, ['name', 'legal-representative', 'kind'], ['name', 'legal-representative']);
      const input = checkCreateOrganization({
        name: options.get('name')!,
        legalRepresentative: options.get('legal-representative')!,
        kind: options.get('kind'),
      });
      return withRuntime((runtime) => createOrganization(runtime, input));
    }
    case 'reset-member': {
      const input = checkResetMember({ email: parseOptions(args, ['email']).get('email')! });
      return withRuntime((runtime) => resetMember(runtime, input));
    }
    case 'migrate':
      parseOptions(args, []);
      return withRuntime(async ({ applied }) => [
        applied.length ? `applied ${applied.join(', ')}` : 'the database is up to date: no migration to apply',
      ]);
    case 'demo-code':
      parseOptions(args, []);
      return [demoCode()];
    case 'help':
    case '--help':
    case '-h':
      return [usage];
    case undefined:
      throw new UsageError('a command is required: create-organization, reset-member, migrate or demo-code (see `twostep help`)');
    default:
      throw new UsageError(`unknown command "${command}" (see \`twostep help\`)`);
  }
}

/** One line on stderr: `twostep: <CODE>: <message>`, and the exit code. */
function failure(error: unknown): { line: string; exitCode: number } {
  if (error instanceof UsageError) return { line: `USAGE: ${error.message}`, exitCode: 2 };
  if (error instanceof ConfigError) return { line: `CONFIG: ${error.message}`, exitCode: 2 };
  if (error instanceof DomainError) {
    const field = typeof error.details.field === 'string' ? ` (${optionOf[error.details.field] ?? error.details.field})` : '';
    return { line: `${error.code}: ${error.message}${field}`, exitCode: error.code === ErrorCode.BAD_USER_INPUT ? 2 : 1 };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { line: `${ErrorCode.INTERNAL_SERVER_ERROR}: ${message.split('\n')[0]}`, exitCode: 1 };
}

try {
  const lines = await run(process.argv.slice(2));
  process.stdout.write(`${lines.join('\n').replace(/\n$/, '')}\n`);
  process.exit(0);
} catch (error) {
  const { line, exitCode } = failure(error);
  process.stderr.write(`twostep: ${line}\n`);
  process.exit(exitCode);
}
