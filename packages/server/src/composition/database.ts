import type { MikroORM } from '@mikro-orm/postgresql';
import { openOrm } from '../core/database/orm.js';
import { entities } from './entities.js';

/** Opens Twostep's database: MikroORM with every module's entities. */
export function openDatabase(clientUrl: string, poolMax?: number): Promise<MikroORM> {
  return openOrm(clientUrl, entities, poolMax);
}
