/**
 * The compliance history: an organization's counts recorded at every change that moves them (at
 * most a point a minute, kept), answered over a range with the policy changes as markers, and the
 * evidence report built on it for auditors.
 */
export { ComplianceHistoryRecorder } from './history-recorder.js';
export { pointAt, queryComplianceHistory, checkRange } from './history.query.js';
export { CompliancePoint, ComplianceHistory, HistoryResolution } from './history.types.js';
export { EvidenceReport } from './evidence.types.js';
export { ComplianceHistoryResolver, ComplianceHistoryMarkersResolver, EvidenceReportResolver } from './history.resolver.js';
