import { Migration } from '@mikro-orm/migrations';

/** When a member was first refused by the block, so that each block is audited once. */
export class Migration0003BlockEpisodes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table membership add column blocked_at timestamptz;`);
  }
}
