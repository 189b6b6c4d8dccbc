import { Migration } from '@mikro-orm/migrations';

/**
 * One home (PRODUCT.md): an account is `INTERNAL` to at most one organization, the one that may
 * reset its second factors. An account that is `INTERNAL` in several keeps the oldest membership
 * (ties by organization id) as `INTERNAL`; the others become `EXTERNAL`, each change audited in
 * the organization whose membership changed. A partial unique index then holds the rule for every
 * writer, races included.
 *
 * Sessions learn when their password was last entered (`password_at`): starting an enrollment
 * needs a fresh proof once that is more than ten minutes ago. Existing sessions count from their
 * creation; a session written without it (a seed, a test) counts from its insertion.
 */
export class Migration0006OneHome extends Migration {
  override async up(): Promise<void> {
    this.addSql(`with ranked as (
        select organization_id, user_id,
          row_number() over (partition by user_id order by joined_at, organization_id) as place
        from membership where kind = 'INTERNAL'),
      demoted as (
        update membership m set kind = 'EXTERNAL' from ranked r
        where m.organization_id = r.organization_id and m.user_id = r.user_id and r.place > 1
        returning m.organization_id, m.user_id)
      insert into audit_event (organization_id, action, target_user_id, data, at)
      select organization_id, 'MEMBERSHIP_KIND_CHANGED', user_id,
        jsonb_build_object('from', 'INTERNAL', 'to', 'EXTERNAL', 'reason', 'ONE_HOME'), now()
      from demoted;`);
    this.addSql(`create unique index membership_one_home on membership (user_id) where kind = 'INTERNAL';`);
    this.addSql(`alter table session add column password_at timestamptz;`);
    this.addSql(`update session set password_at = created_at;`);
    this.addSql(`alter table session alter column password_at set not null, alter column password_at set default now();`);
  }
}
