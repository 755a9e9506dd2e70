import { outboxTablesSql, dropOutboxTablesSql } from '@slotline/messaging';
import { SERVICE_SCHEMAS } from '@slotline/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

const S = SERVICE_SCHEMAS['auth-audit'].schema;

export class Accounts1764000000000 implements MigrationInterface {
  name = 'Accounts1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ${S}.users (
      id uuid PRIMARY KEY,
      email text NOT NULL,
      password_hash text NOT NULL,
      role text NOT NULL CHECK (role IN ('customer', 'provider', 'admin', 'super_admin')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON ${S}.users (email)`);
    await q.query(`CREATE TABLE ${S}.sessions (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES ${S}.users (id) ON DELETE CASCADE,
      aal text NOT NULL CHECK (aal IN ('aal1', 'aal2')),
      ip text,
      user_agent text,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz
    )`);
    await q.query(`CREATE INDEX sessions_user_idx ON ${S}.sessions (user_id, created_at DESC)`);
    await q.query(`CREATE TABLE ${S}.refresh_tokens (
      id uuid PRIMARY KEY,
      session_id uuid NOT NULL REFERENCES ${S}.sessions (id) ON DELETE CASCADE,
      token_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    )`);
    await q.query(`CREATE UNIQUE INDEX refresh_tokens_hash_key ON ${S}.refresh_tokens (token_hash)`);
    await q.query(`CREATE TABLE ${S}.login_failures (
      id uuid PRIMARY KEY,
      scope text NOT NULL CHECK (scope IN ('account', 'ip')),
      key_hash text NOT NULL,
      occurred_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(
      `CREATE INDEX login_failures_key_idx ON ${S}.login_failures (scope, key_hash, occurred_at)`,
    );
    for (const sql of outboxTablesSql(S)) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of dropOutboxTablesSql(S)) await q.query(sql);
    await q.query(`DROP TABLE ${S}.login_failures, ${S}.refresh_tokens, ${S}.sessions, ${S}.users`);
  }
}
