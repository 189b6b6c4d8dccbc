/**
 * Alerts: e-mails asking a member to enable 2FA, one at a time (rate-limited) or to all members
 * without 2FA as a resumable campaign. An alert's state is its mail's delivery state.
 */
export { AlertsService } from './alerts.service.js';
export { CampaignRunner } from './campaign-runner.js';
export { AlertsResolver, MemberAlertsResolver, OrganizationAlertsResolver } from './alerts.resolver.js';
export { alertMailTemplates } from './alerts.mails.js';
export { Alert, AlertCampaign } from './alerts.types.js';
export { startReminderCampaign } from './reminder-campaigns.js';
