/**
 * Exports: the member list and the audit log as CSV files streamed over HTTP
 * (`GET /export/members.csv`, `GET /export/audit.csv`), with the API's filters, credentials, gate
 * and permissions. It owns no table: rows come page by page from the owners' queries
 * (organizations' `queryMembers`, audit's `queryAuditLog`) and leave through `csv-stringify`.
 */
export { exportsRouter, type ExportsDeps } from './exports.router.js';
