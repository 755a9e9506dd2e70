/**
 * `npm run audit:verify`: walks the audit log's hash chain (from the last purge checkpoint) and prints
 * `{ ok, checked, first_broken? }` as JSON. Exit code 0 when intact, 2 when a link is broken, 1 when
 * the check could not run. Reads DATABASE_URL (the auth-audit service role needs only SELECT).
 */
import { AuditVerifyResult } from '@slotline/contracts';
import { DatabaseConfig, loadConfig } from '@slotline/config';
import { SERVICE_SCHEMAS, TransactionRunner, createDataSource } from '@slotline/persistence';
import { verifyAuditChain } from '../apps/auth-audit/src/audit/audit-chain.verifier';
import { AuditLogRepository } from '../apps/auth-audit/src/audit/audit-log.repository';

class AuditVerifyConfig extends DatabaseConfig {
  override DATABASE_URL: string = 'postgres://slotline_auth@127.0.0.1:5432/slotline';
}

export async function runAuditVerify(env?: Record<string, string | undefined>): Promise<AuditVerifyResult> {
  const config = loadConfig(AuditVerifyConfig, env);
  const { schema } = SERVICE_SCHEMAS['auth-audit'];
  const dataSource = createDataSource({
    url: config.DATABASE_URL,
    schema,
    applicationName: 'audit-verify',
    poolSize: 1,
  });
  await dataSource.initialize();
  try {
    return await verifyAuditChain(new TransactionRunner(dataSource), new AuditLogRepository(schema));
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  runAuditVerify().then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      process.exit(result.ok ? 0 : 2);
    },
    (err: unknown) => {
      process.stderr.write(`[audit:verify] failed: ${(err as Error).message}\n`);
      process.exit(1);
    },
  );
}
