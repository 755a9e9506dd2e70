import { SERVICE_SCHEMAS } from '@slotline/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

const S = SERVICE_SCHEMAS['auth-audit'].schema;

/** Contact details notifications need (NTF-1, recipient directory): phone, time zone and locale. */
export class AccountProfile1764000003000 implements MigrationInterface {
  name = 'AccountProfile1764000003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${S}.users
      ADD COLUMN phone text CHECK (phone ~ '^\\+[1-9][0-9]{1,14}$'),
      ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC',
      ADD COLUMN locale text NOT NULL DEFAULT 'en'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${S}.users DROP COLUMN phone, DROP COLUMN time_zone, DROP COLUMN locale`);
  }
}
