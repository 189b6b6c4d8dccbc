/**
 * A test may skip where this machine lacks a part (Chromium, Redis) and say why; under `CI=true`
 * the missing part fails the run instead, so CI never passes on skipped checks.
 */
export function missingPart(reason: string | undefined): boolean {
  if (!reason) return false;
  if (process.env.CI === 'true') throw new Error(`required for CI but missing: ${reason}`);
  process.stderr.write(`SKIPPED (this machine lacks a part): ${reason}\n`);
  return true;
}
