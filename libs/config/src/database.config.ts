import { IsInt, IsString, Min } from 'class-validator';
import { BaseConfig } from './base.config';

/** Settings of an app that owns a schema. */
export class DatabaseConfig extends BaseConfig {
  @IsString()
  DATABASE_URL: string = '';

  /** Used only by migrations and by the local start-up that provisions roles and schemas. */
  @IsString()
  MIGRATOR_DATABASE_URL: string = 'postgres://slotline_migrator@127.0.0.1:5432/slotline';

  /** Published outbox rows and processed inbox records are kept this long, then purged. */
  @IsInt()
  @Min(1)
  MESSAGING_RETENTION_HOURS: number = 168;

  /** How often each replica purges them; 0 turns the purge off. */
  @IsInt()
  @Min(0)
  MESSAGING_PURGE_INTERVAL_SECONDS: number = 3600;

  override productionProblems(): string[] {
    const problems = super.productionProblems();
    if (this.isProduction && !/:\/\/[^:@/]+:[^@/]+@/.test(this.DATABASE_URL)) {
      problems.push('DATABASE_URL: production needs a role with a password (no local trust default)');
    }
    return problems;
  }
}
