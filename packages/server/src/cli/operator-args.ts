/** A mistake in how the command was called: one line on stderr, exit code 2, nothing changed. */
export class UsageError extends Error {}

/**
 * Reads `--name value` and `--name=value` options, exactly those `allowed`, each at most once, and
 * no positional arguments. Returns them by name; `required` ones must be present and non-empty.
 */
export function parseOptions(
  args: readonly string[],
  allowed: readonly string[],
  required: readonly string[] = allowed,
): Map<string, string> {
  const options = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}"`);
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (!allowed.includes(name)) throw new UsageError(`unknown option --${name}`);
    if (options.has(name)) throw new UsageError(`--${name} is given twice`);
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      value = args[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      i += 1;
    }
    options.set(name, value);
  }
  for (const name of required) {
    if (!options.get(name)?.trim()) throw new UsageError(`--${name} is required`);
  }
  return options;
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
