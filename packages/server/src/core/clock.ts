/**
 * Where the server reads the time. Everything time-dependent (TOTP steps, lockouts, expiries,
 * rate limits) asks the clock, and passes the time to SQL as a parameter rather than using
 * `now()`, so that tests can move time instead of sleeping through it.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  private current: number;
  constructor(start: Date = new Date()) {
    this.current = start.getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(date: Date): void {
    this.current = date.getTime();
  }
}

/** A year after `from`, by the calendar (UTC): the furthest a plan's date or an exemption may reach. */
export function aYearAfter(from: Date): Date {
  const end = new Date(from);
  end.setUTCFullYear(end.getUTCFullYear() + 1);
  return end;
}
