import { BaseConfig, EnvBoolean } from '@slotline/config';
import { IsBoolean, IsInt, IsOptional, IsString, Min } from 'class-validator';

/** `npm run db:backup`. Like every config class, each setting can come from a mounted `NAME_FILE`. */
export class BackupConfig extends BaseConfig {
  /** A superuser, or a role that can read every table and the roles catalogue (pg_dumpall --roles-only). */
  @IsString()
  BACKUP_DATABASE_URL: string = 'postgres://postgres@127.0.0.1:5432/slotline';

  @IsString()
  BACKUP_DIR: string = 'backups';

  /** How many backups of the database to keep, the new one included. */
  @IsInt()
  @Min(1)
  BACKUP_RETENTION: number = 7;
}

/** `npm run db:restore -- <backup-dir> <target-database>`. */
export class RestoreConfig extends BaseConfig {
  /** A superuser connection to the cluster the new database is created in. */
  @IsString()
  RESTORE_ADMIN_URL: string = 'postgres://postgres@127.0.0.1:5432/postgres';

  /** Apply the backup's roles.sql first: only on a new, empty cluster. */
  @EnvBoolean()
  @IsBoolean()
  @IsOptional()
  RESTORE_APPLY_ROLES?: boolean;
}
