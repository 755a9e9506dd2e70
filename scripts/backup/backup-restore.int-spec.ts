import { Client } from 'pg';
import { DataSource } from 'typeorm';
import {
  copyFileSync,
  cpSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from '@slotline/persistence';
import { AuditLogRepository } from '../../apps/auth-audit/src/audit/audit-log.repository';
import { ADMIN_URL, uniqueTag } from '../../test/support/test-env';
import { runAuditVerify } from '../audit-verify';
import { migrateAll } from '../platform/migrate';
import {
  CHECKSUM_FILE,
  DUMP_FILE,
  MANIFEST_FILE,
  ROLES_FILE,
  checksumMismatches,
  withDatabase,
} from './backup-files';
import { runBackup } from './backup';
import { compareFingerprints, fingerprintDatabase } from './database-fingerprint';
import { RestoreReport, runRestore } from './restore';

const SEED = { users: 4, audit: 6, resources: 3, jobs: 3, bookings: 2, payoutEvents: 2 };

async function withClient<T>(url: string, run: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

async function fingerprintOf(url: string) {
  return withClient(url, async (c) => {
    await c.query('BEGIN');
    try {
      return await fingerprintDatabase(c);
    } finally {
      await c.query('ROLLBACK');
    }
  });
}

/** Accounts and a chained audit log, resources, jobs, assignments with bookings, payout events. */
async function seed(url: string): Promise<void> {
  await withClient(url, async (db) => {
    const users: string[] = [];
    for (let i = 0; i < SEED.users; i += 1) {
      const id = uuidv7();
      users.push(id);
      const role = i === 0 ? 'admin' : i === 1 ? 'provider' : 'customer';
      await db.query(
        `INSERT INTO auth.users (id, email, password_hash, role) VALUES ($1, $2, 'argon2-hash', $3)`,
        [id, `${id}@example.com`, role],
      );
    }
    const [practitioner, room, equipment] = [uuidv7(), uuidv7(), uuidv7()];
    await db.query(
      `INSERT INTO scheduling.resources (id, kind, user_id, name, time_zone) VALUES
         ($1, 'practitioner', $4, 'Dr Who', 'Europe/Paris'), ($2, 'room', NULL, 'Room 1', 'Europe/Paris'),
         ($3, 'equipment', NULL, 'Laser', 'Europe/Paris')`,
      [practitioner, room, equipment, users[1]],
    );
    for (let i = 0; i < SEED.jobs; i += 1) {
      const job = uuidv7();
      const booked = i < SEED.bookings;
      await db.query(
        `INSERT INTO scheduling.jobs (id, customer_id, service_type, duration_minutes, price_amount, currency, time_zone, room_id, status, notes)
         VALUES ($1, $2, 'massage', 60, 9000, 'EUR', 'Europe/Paris', $3, $4, $5)`,
        [job, users[2], room, booked ? 'assigned' : 'open', `note ${i} with 'quotes' and ünïcode`],
      );
      if (!booked) continue;
      const [assignment, booking] = [uuidv7(), uuidv7()];
      const start = new Date(Date.UTC(2027, 0, 10 + i, 9));
      const end = new Date(start.getTime() + 3600_000);
      await db.query(
        `INSERT INTO scheduling.assignments (id, job_id, practitioner_id, provider_user_id, customer_id, status,
            scheduled_start, scheduled_end, confirmed_at, booking_id)
         VALUES ($1, $2, $3, $4, $5, 'scheduled', $6, $7, now(), $8)`,
        [assignment, job, practitioner, users[1], users[2], start, end, booking],
      );
      await db.query(
        `INSERT INTO scheduling.bookings (id, assignment_id, during) VALUES ($1, $2, tstzrange($3, $4))`,
        [booking, assignment, start, end],
      );
      for (const [resource, kind] of [
        [practitioner, 'practitioner'],
        [room, 'room'],
        [equipment, 'equipment'],
      ])
        await db.query(
          `INSERT INTO scheduling.booking_resources (booking_id, resource_id, resource_kind, booked, during)
           VALUES ($1, $2, $3, tstzrange($4, $5), tstzrange($4, $5))`,
          [booking, resource, kind, start, end],
        );
    }
    for (let i = 0; i < SEED.payoutEvents; i += 1) {
      const id = uuidv7();
      await db.query(
        `INSERT INTO payouts.outbox (id, subject, envelope) VALUES ($1, 'evt.payouts.payout.created.v1', $2)`,
        [
          id,
          JSON.stringify({
            id,
            type: 'evt.payouts.payout.created.v1',
            data: { amount: 9000 + i, currency: 'EUR' },
          }),
        ],
      );
    }
  });

  const ds = await new DataSource({ type: 'postgres', url, poolSize: 1 }).initialize();
  try {
    const repo = new AuditLogRepository('auth');
    for (let i = 0; i < SEED.audit; i += 1) {
      await ds.transaction((manager) =>
        repo.append(
          manager,
          {
            actor_id: null,
            actor_role: 'admin',
            action: `backup.rehearsal.${i}`,
            resource_type: 'booking',
            resource_id: String(i),
            outcome: 'success',
            ip: '203.0.113.7',
            user_agent: 'jest',
            trace_id: null,
            request_id: null,
            metadata: { i },
            source_event_id: uuidv7(),
            occurred_at: new Date(Date.UTC(2026, 10, 1, 12, i)),
          },
          new Date(),
        ),
      );
    }
  } finally {
    await ds.destroy();
  }
}

describe('backup and restore rehearsal (OPS-6)', () => {
  const tag = uniqueTag('');
  const source = `slotline_backup_src_${tag}`;
  const target = `slotline_backup_dst_${tag}`;
  const sourceUrl = withDatabase(ADMIN_URL, source);
  const targetUrl = withDatabase(ADMIN_URL, target);
  const created = [source, target];
  let dir: string;
  let backupPath: string;
  let report: RestoreReport;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'slotline-backups-'));
    await migrateAll({ database: source, adminUrl: ADMIN_URL });
    await seed(sourceUrl);
    backupPath = (await runBackup({ sourceUrl, dir, retention: 3 })).path;
    report = await runRestore({ backupDir: backupPath, targetDatabase: target, adminUrl: ADMIN_URL });
  }, 180_000);

  afterAll(async () => {
    await withClient(ADMIN_URL, async (admin) => {
      for (const db of created) await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    });
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the dump, the roles, a manifest and their checksums, readable by the owner only', () => {
    expect(readdirSync(backupPath).sort()).toEqual(
      [CHECKSUM_FILE, DUMP_FILE, MANIFEST_FILE, ROLES_FILE].sort(),
    );
    expect(statSync(backupPath).mode & 0o777).toBe(0o700);
    for (const file of readdirSync(backupPath))
      expect(statSync(join(backupPath, file)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(backupPath, DUMP_FILE)).subarray(0, 5).toString()).toBe('PGDMP');
    expect(readFileSync(join(backupPath, ROLES_FILE), 'utf8')).toMatch(/^CREATE ROLE slotline_auth;$/m);
  });

  it('restores into a new database with equal row counts and checksums, valid constraints and an intact audit chain', async () => {
    expect(report).toMatchObject({ ok: true, problems: [], database: target, source_database: source });
    expect(report.audit_chain).toEqual({ ok: true, checked: SEED.audit });
    // Checked again here, independently of the manifest the restore compared against.
    const [before, after] = [await fingerprintOf(sourceUrl), await fingerprintOf(targetUrl)];
    expect(compareFingerprints(before, after)).toEqual([]);
    expect(after['scheduling.bookings'].rows).toBe(SEED.bookings);
    expect(after['scheduling.booking_resources'].rows).toBe(SEED.bookings * 3);
    expect(after['auth.audit_log'].rows).toBe(SEED.audit);
    expect(after['payouts.outbox'].rows).toBe(SEED.payoutEvents);
    expect(report.rows).toBe(Object.values(after).reduce((n, t) => n + t.rows, 0));
  });

  it('keeps least privilege in the restored database: the service role reads its schema, not another', async () => {
    const asScheduling = withDatabase(targetUrl, target).replace('postgres@', 'slotline_scheduling@');
    await withClient(asScheduling, async (db) => {
      const { rows } = await db.query('SELECT count(*)::int AS n FROM scheduling.bookings');
      expect(rows[0].n).toBe(SEED.bookings);
      await expect(db.query('SELECT 1 FROM auth.users LIMIT 1')).rejects.toThrow(/permission denied/);
    });
  });

  it('notices a changed row and a broken audit chain, so the checks above can fail', async () => {
    await withClient(targetUrl, async (db) => {
      await db.query(`UPDATE scheduling.jobs SET price_amount = price_amount + 1 WHERE status = 'open'`);
      await db.query(
        `UPDATE auth.audit_log SET action = 'tampered' WHERE seq = (SELECT max(seq) - 1 FROM auth.audit_log)`,
      );
    });
    const problems = compareFingerprints(await fingerprintOf(sourceUrl), await fingerprintOf(targetUrl));
    expect(problems).toEqual([
      'auth.audit_log: same row count, different content',
      'scheduling.jobs: same row count, different content',
    ]);
    expect(await runAuditVerify({ DATABASE_URL: targetUrl })).toMatchObject({ ok: false });
  });

  it('refuses a damaged backup and a target database that exists', async () => {
    const damaged = join(dir, 'damaged');
    cpSync(backupPath, damaged, { recursive: true });
    const dump = readFileSync(join(damaged, DUMP_FILE));
    dump[dump.length - 10] ^= 0xff;
    writeFileSync(join(damaged, DUMP_FILE), dump);
    expect(await checksumMismatches(damaged)).toEqual([`${DUMP_FILE}: checksum mismatch`]);
    const other = `slotline_backup_dmg_${tag}`;
    created.push(other);
    await expect(
      runRestore({ backupDir: damaged, targetDatabase: other, adminUrl: ADMIN_URL }),
    ).rejects.toThrow(/damaged: database.dump: checksum mismatch/);
    await expect(
      runRestore({ backupDir: backupPath, targetDatabase: target, adminUrl: ADMIN_URL }),
    ).rejects.toThrow(/exists; restore only into a new database/);
  });

  it('keeps only the newest N backups of the database', async () => {
    const retained = mkdtempSync(join(dir, 'retention-'));
    copyFileSync(join(backupPath, MANIFEST_FILE), join(retained, 'unrelated-file.json'));
    const times = ['2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', '2026-01-03T00:00:00Z'];
    const results = [];
    for (const at of times)
      results.push(await runBackup({ sourceUrl, dir: retained, retention: 2, now: new Date(at) }));
    expect(results[2].removed).toEqual([join(retained, `${source}-20260101T000000Z`)]);
    expect(readdirSync(retained).sort()).toEqual(
      [`${source}-20260102T000000Z`, `${source}-20260103T000000Z`, 'unrelated-file.json'].sort(),
    );
    // A failed backup leaves nothing behind and removes no good one.
    const missing = withDatabase(ADMIN_URL, `slotline_backup_none_${tag}`);
    await expect(runBackup({ sourceUrl: missing, dir: retained, retention: 1 })).rejects.toThrow(
      /does not exist/,
    );
    expect(readdirSync(retained).filter((f) => f.startsWith('slotline_backup_none'))).toEqual([]);
    expect(readdirSync(retained)).toHaveLength(3);
  }, 120_000);
});
