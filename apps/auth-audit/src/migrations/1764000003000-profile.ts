import { MigrationInterface, QueryRunner } from 'typeorm';

/** Contact details notifications need (NTF-1, recipient directory): phone, time zone and locale. */
export class AccountProfile1764000003000 implements MigrationInterface {
  name = 'AccountProfile1764000003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE auth.users
      ADD COLUMN phone text CHECK (phone ~ '^\\+[1-9][0-9]{1,14}$'),
      ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC',
      ADD COLUMN locale text NOT NULL DEFAULT 'en'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE auth.users DROP COLUMN phone, DROP COLUMN time_zone, DROP COLUMN locale');
  }
}
