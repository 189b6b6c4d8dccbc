import type { Response } from 'express';
import { ErrorCode } from '@twostep/shared';
import { DomainError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';

/** The HTTP status of a refusal; any other domain error is the client's request (400). */
const statuses: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.SCOPE_REQUIRED]: 403,
  [ErrorCode.SURFACE_NOT_ALLOWED]: 403,
  [ErrorCode.TWO_FACTOR_REQUIRED]: 403,
  [ErrorCode.NOT_FOUND]: 404,
};

/**
 * Answers a failed export as the API would word it, in JSON: `{ code, message, …details }` with the
 * shared `ErrorCode` (`field` for bad input, `organizations` for TWO_FACTOR_REQUIRED). Anything
 * else is logged and answered as INTERNAL_SERVER_ERROR without internals. Once the file has begun
 * the status is sent: the connection is cut, so a client sees a truncated download, not a short file.
 */
export function answerError(res: Response, error: unknown, log: Logger): void {
  if (res.headersSent) {
    if (!isClientGone(error)) log.error({ err: error }, 'export failed while streaming');
    res.destroy();
    return;
  }
  if (error instanceof DomainError) {
    res.status(statuses[error.code] ?? 400).json({ code: error.code, message: error.message, ...error.details });
    return;
  }
  log.error({ err: error }, 'export failed');
  res.status(500).json({ code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'Internal server error' });
}

function isClientGone(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_STREAM_PREMATURE_CLOSE';
}
