/**
 * The organization's security policy: turning the 2FA requirement on or off (audited, pushed
 * live). Who is blocked is not stored: the gate derives it at each request from this one row.
 */
export { SecurityPolicyService } from './security-policy.service.js';
export { SecurityPolicyResolver } from './security-policy.resolver.js';
export { RolloutSweeper } from './rollout-sweeper.js';
export { PolicyRemindersResolver } from './security-policy.resolver.js';
