import { IsString } from 'class-validator';
import { BaseConfig } from './base.config';

/** Settings of an app that owns a schema. */
export class DatabaseConfig extends BaseConfig {
  @IsString()
  DATABASE_URL: string = '';

  /** Used only by migrations and by the local start-up that provisions roles and schemas. */
  @IsString()
  MIGRATOR_DATABASE_URL: string = 'postgres://slotline_migrator@127.0.0.1:5432/slotline';

  override productionProblems(): string[] {
    const problems = super.productionProblems();
    if (this.isProduction && !/:\/\/[^:@/]+:[^@/]+@/.test(this.DATABASE_URL)) {
      problems.push('DATABASE_URL: production needs a role with a password (no local trust default)');
    }
    return problems;
  }
}
