import { BaseConfig } from '@slotline/config';
import type { ServiceName } from '@slotline/persistence';
import { IsInt, IsOptional, IsString, Min } from 'class-validator';
import { serviceDatabaseUrl } from '../platform/local-database';

/**
 * `npm run dead-letters`. NATS_URL, NATS_SUBJECT_PREFIX and NATS_STREAM (from BaseConfig) must be the
 * ones the service runs with: replays go to that server and stream, and only subjects under that prefix
 * are replayed. Like every config class, each setting can come from a mounted `NAME_FILE`.
 */
export class DeadLettersConfig extends BaseConfig {
  /** The service's own role (it may read and delete its dead letters) or the migrator role. */
  @IsString()
  @IsOptional()
  DATABASE_URL?: string;

  /** Without DATABASE_URL: the service's role on this local database, as `npm start` connects. */
  @IsString()
  DATABASE_NAME: string = 'slotline';

  /**
   * The services' inbox retention: other consumers of a replayed subject skip the event only while
   * they still remember its id, so older dead letters are refused unless `--past-retention` is given.
   */
  @IsInt()
  @Min(1)
  MESSAGING_RETENTION_HOURS: number = 168;

  databaseUrl(service: ServiceName): string {
    return serviceDatabaseUrl(service, {
      DATABASE_URL: this.DATABASE_URL,
      DATABASE_NAME: this.DATABASE_NAME,
    });
  }
}
