/**
 * The audit log: who did what to whom, when, in which organization. Other modules record through
 * `AuditService`; it is read through `queryAuditLog` (the organization's `auditLog` connection,
 * in the organizations module).
 */
export { AuditEvent } from './audit-event.entity.js';
export { AuditAction } from './audit-action.js';
export { AuditService, type Actor, type AuditRecord } from './audit.service.js';
export { auditLogEntry, queryAuditLog } from './audit-log.query.js';
export { AuditLogConnection, AuditLogEntry, AuditLogFilter } from './audit.types.js';
