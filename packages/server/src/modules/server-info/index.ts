/** Public facts about the server (version, limits) that clients read before signing in. */
export { ServerInfoResolver } from './server-info.resolver.js';
