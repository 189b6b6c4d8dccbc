import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { migrationsList } from './migrations/index.js';

/**
 * One MikroORM per process. The schema comes only from the committed migrations in
 * `./migrations`, applied in order at start (and by `pnpm migrate`); entities never alter it.
 */
export function ormOptions(clientUrl: string, entities: NonNullable<Options['entities']>, poolMax = 20): Options {
  return {
    clientUrl,
    entities,
    extensions: [Migrator],
    discovery: { requireEntitiesArray: true, disableDynamicFileAccess: true },
    migrations: {
      migrationsList,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    forceUtcTimezone: true,
    pool: { min: 0, max: poolMax },
    debug: false,
    allowGlobalContext: false,
  };
}

/** Opens the database with the entities the composition root lists (core knows no module's entity). */
export async function openOrm(clientUrl: string, entities: NonNullable<Options['entities']>, poolMax?: number): Promise<MikroORM> {
  return MikroORM.init(ormOptions(clientUrl, entities, poolMax));
}

export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}
