import type { SessionClient } from './session.entity.js';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** Idle and absolute lifetimes per client kind. Web sessions are short; app tokens live longer. */
export const sessionLifetimes: Record<SessionClient, { idleMs: number; absoluteMs: number }> = {
  WEB: { idleMs: 12 * hour, absoluteMs: 14 * day },
  DESKTOP: { idleMs: 30 * day, absoluteMs: 180 * day },
  MOBILE: { idleMs: 30 * day, absoluteMs: 180 * day },
};

/** `lastUsedAt` is written at most this often, so reads do not write. */
export const lastUsedGranularityMs = minute;

export const SESSION_COOKIE = 'twostep_session';
