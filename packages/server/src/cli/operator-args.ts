import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake in how the command was called: one line on stderr, exit code 2, nothing changed. */
export class UsageError extends Error {}

/** What `parseArgs` throws for a call it refuses; anything else is a bug and is rethrown. */
const refusals = new Set(['ERR_PARSE_ARGS_UNKNOWN_OPTION', 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE', 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL']);

/**
 * Reads `--name value` and `--name=value` options, exactly those `allowed`, each at most once, and
 * no positional arguments. Returns them by name; `required` ones must be present and non-empty.
 * A value that looks like an option (`--name --kind`) is refused as missing; one that really starts
 * with a dash is given inline (`--name=-x`).
 */
export function parseOptions(
  args: readonly string[],
  allowed: readonly string[],
  required: readonly string[] = allowed,
): Map<string, string> {
  // parseArgs keeps the last of a repeated option and accepts a bare `--`; these commands take neither.
  const values = new Map<string, string>();
  for (const token of readTokens(args, allowed)) {
    if (token.kind === 'option-terminator')
      throw new UsageError(`Unexpected argument '--'. This command does not take positional arguments`);
    if (token.kind !== 'option') continue;
    if (values.has(token.name)) throw new UsageError(`Option '${token.rawName}' is given twice`);
    values.set(token.name, token.value ?? '');
  }
  for (const name of required) {
    if (!values.get(name)?.trim()) throw new UsageError(`Option '--${name}' is required`);
  }
  return values;
}

function readTokens(args: readonly string[], allowed: readonly string[]) {
  const options: ParseArgsConfig['options'] = Object.fromEntries(allowed.map((name) => [name, { type: 'string' }]));
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false, tokens: true }).tokens;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    // parseArgs's own words, on one line: some of its messages span three.
    if (typeof code === 'string' && refusals.has(code)) throw new UsageError((error as Error).message.replace(/\s*\n\s*/g, ' '));
    throw error;
  }
}

export const usage = `Usage: twostep <command> [options]

Commands:
  create-organization --name <name> --legal-representative <email> [--kind INTERNAL|EXTERNAL]
      Creates an organization and invites its first legal representative: mails the invitation
      and prints the acceptance link. The kind is INTERNAL by default (the organization becomes
      the home of their account, which may be reset from it); an account can be INTERNAL to one
      organization only, so invite someone whose home is elsewhere as EXTERNAL.
  reset-member --email <email>
      Removes every second factor of the account, ends all its sessions, tells the person by
      e-mail and records the reset in the audit log of each of their organizations.
  migrate
      Applies the committed migrations that the database lacks, and prints which (a server
      applies them at start too; this is for deployments that migrate as a step of their own).
  demo-code
      Prints the demo accounts' current TOTP code.
  help
      Prints this text.

Reads the server's configuration (DATABASE_URL, SMTP_URL, PUBLIC_URL, DATA_DIR, …). Without
DATABASE_URL it uses the embedded database of the data folder, running or not.

Exit codes: 0 done; 1 refused or failed (the error code is printed); 2 bad arguments, input or configuration.
`;
