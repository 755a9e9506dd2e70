import { SERVICE_SCHEMAS } from '@slotline/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

const S = SERVICE_SCHEMAS['auth-audit'].schema;

export class SessionsTwoFactor1764000001000 implements MigrationInterface {
  name = 'SessionsTwoFactor1764000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${S}.sessions ADD COLUMN revoked_reason text`);
    await q.query(`CREATE INDEX refresh_tokens_session_idx ON ${S}.refresh_tokens (session_id)`);
    // The secret is AES-256-GCM ciphertext; last_used_step makes every TOTP code single-use.
    await q.query(`CREATE TABLE ${S}.two_factor (
      user_id uuid PRIMARY KEY REFERENCES ${S}.users (id) ON DELETE CASCADE,
      secret_ciphertext text NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'active')),
      last_used_step bigint,
      created_at timestamptz NOT NULL DEFAULT now(),
      enabled_at timestamptz
    )`);
    await q.query(`CREATE TABLE ${S}.recovery_codes (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES ${S}.users (id) ON DELETE CASCADE,
      code_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      used_at timestamptz
    )`);
    await q.query(
      `CREATE UNIQUE INDEX recovery_codes_user_hash_key ON ${S}.recovery_codes (user_id, code_hash)`,
    );
    // Failed TOTP attempts are throttled per user with the same table as failed passwords.
    await q.query(`ALTER TABLE ${S}.login_failures DROP CONSTRAINT login_failures_scope_check`);
    await q.query(
      `ALTER TABLE ${S}.login_failures ADD CONSTRAINT login_failures_scope_check CHECK (scope IN ('account', 'ip', 'totp'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM ${S}.login_failures WHERE scope = 'totp'`);
    await q.query(`ALTER TABLE ${S}.login_failures DROP CONSTRAINT login_failures_scope_check`);
    await q.query(
      `ALTER TABLE ${S}.login_failures ADD CONSTRAINT login_failures_scope_check CHECK (scope IN ('account', 'ip'))`,
    );
    await q.query(`DROP TABLE ${S}.recovery_codes, ${S}.two_factor`);
    await q.query(`DROP INDEX ${S}.refresh_tokens_session_idx`);
    await q.query(`ALTER TABLE ${S}.sessions DROP COLUMN revoked_reason`);
  }
}
