import { Limits } from '@twostep/shared';

/**
 * The reminders' days before a scheduled date, as people type them ("14, 7, 1") and read them.
 * The limits are the server's own (`Limits` in `@twostep/shared`); it decides, these only keep
 * the form from sending what it would refuse.
 */
export const MAX_REMINDER_OFFSETS = Limits.maxReminderOffsets;
export const MAX_REMINDER_OFFSET_DAYS = Limits.maxReminderOffsetDays;

/** The offsets in a field's text, largest first; or the problem, in words. */
export function parseOffsets(text: string): { offsets: number[] } | { problem: string } {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.some((part) => !/^\d+$/.test(part))) return { problem: 'Write whole numbers of days, separated by commas.' };
  const offsets = parts.map(Number);
  if (offsets.some((days) => days < 1 || days > MAX_REMINDER_OFFSET_DAYS)) {
    return { problem: `Each reminder comes 1 to ${MAX_REMINDER_OFFSET_DAYS} days before the date.` };
  }
  const twice = offsets.find((days, index) => offsets.indexOf(days) !== index);
  if (twice !== undefined) return { problem: `Write each day once (${twice} is there twice).` };
  if (offsets.length > MAX_REMINDER_OFFSETS) return { problem: `Choose at most ${MAX_REMINDER_OFFSETS} reminders before the date.` };
  return { offsets: [...offsets].sort((a, b) => b - a) };
}

/** "14, 7, 1": what the field holds for saved offsets. */
export const offsetsText = (offsets: readonly number[]): string => [...offsets].sort((a, b) => b - a).join(', ');

const listOf = (items: string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]!}`;

/** "14, 7 and 1 days before the date, and at the switch"; "only at the switch". */
export function describeOffsets(offsets: readonly number[]): string {
  if (offsets.length === 0) return 'only at the switch';
  const sorted = [...offsets].sort((a, b) => b - a);
  const days = sorted.length === 1 && sorted[0] === 1 ? '1 day' : `${listOf(sorted.map(String))} days`;
  return `${days} before the date, and at the switch`;
}

/** A reminder's name: "14 days before", "1 day before", "At the switch". */
export const offsetLabel = (days: number): string => (days === 0 ? 'At the switch' : `${days} ${days === 1 ? 'day' : 'days'} before`);
