/**
 * The server's public entry for the operator tools, the end-to-end tests and the benchmarks.
 */
export { startTwostep, buildSchemaOnly, schemaFile, type Twostep, type StartOptions } from './app.js';
export { loadConfig, ConfigError, type Config } from './core/config.js';
export { ManualClock, systemClock, type Clock } from './core/clock.js';
export { createLogger } from './core/logger.js';
export { startEmbeddedDatabase, clusterDir } from './core/database/embedded.js';
export { migrate } from './core/database/orm.js';
export { openDatabase } from './composition/database.js';
export { buildSurfaceMap, fieldSurface } from './core/graphql/surface.js';
export { printTwostepSchema } from './core/graphql/schema.js';
export { documentLimits } from './core/graphql/limits.js';
export { argon2Options } from './core/security/password-hasher.js';
export { DEMO, demoMembers, demoCode } from './modules/demo/index.js';
export { FREE_ATTEMPTS } from './modules/two-factor/index.js';
export { complianceIn, complianceSql } from './modules/access/index.js';
