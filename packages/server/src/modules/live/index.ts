/**
 * Live updates: the graphql-ws subscriptions (member changes, policy changes, campaign progress, the coalesced
 * security summary, the viewer's own access), the forwarding of domain events into the pub/sub
 * (in process, or Redis for several instances), per-event authorization of every subscriber with
 * reads memoized per event, and the registry of open sockets that closes or re-checks them when a
 * session, a token or someone's access changes. Nothing is replayed after a reconnect.
 */
export { LiveService, type LiveOptions } from './live.service.js';
export {
  LiveResolver,
  MemberSecurityChangeResolver,
  OrganizationPolicyChangeResolver,
  SecuritySummaryChangeResolver,
  AlertCampaignChangeResolver,
  liveSubscriptions,
} from './live.resolver.js';
export { AlertCampaignChange, MemberSecurityChange, OrganizationPolicyChange, SecuritySummaryChange } from './live.types.js';
