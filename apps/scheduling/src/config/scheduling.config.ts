import { DatabaseConfig } from '@slotline/config';
import {
  IsInt,
  IsString,
  Max,
  Min,
  Validate,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { nextCronTime, REMINDER_CRON_OFF } from '../reminders/cron';

@ValidatorConstraint({ name: 'isCronOrOff' })
class IsCronOrOff implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (value === REMINDER_CRON_OFF) return true;
    try {
      nextCronTime(String(value), new Date());
      return typeof value === 'string';
    } catch {
      return false;
    }
  }

  defaultMessage(): string {
    return `REMINDER_CRON must be a cron expression (e.g. "* * * * *") or "${REMINDER_CRON_OFF}"`;
  }
}

export class SchedulingConfig extends DatabaseConfig {
  override HTTP_PORT: number = 3002;
  override DATABASE_URL: string = 'postgres://slotline_scheduling@127.0.0.1:5432/slotline';

  /** When the reminder worker ticks (SCH-9, UTC); "off" turns it off. Default: every minute. */
  @IsString()
  @Validate(IsCronOrOff)
  REMINDER_CRON: string = '* * * * *';

  /** Visits starting within this many minutes get their upcoming-visit reminder. */
  @IsInt()
  @Min(1)
  @Max(60 * 24 * 14)
  REMINDER_LOOKAHEAD_MINUTES: number = 1440;

  /** An assignment awaiting a schedule longer than this is flagged reminder_overdue. */
  @IsInt()
  @Min(1)
  SCHEDULING_SLA_MINUTES: number = 2880;

  /** Reminders of each kind one tick emits at most; the rest go on the next tick. */
  @IsInt()
  @Min(1)
  @Max(10000)
  REMINDER_BATCH_SIZE: number = 500;

  /** SCH-8: how often a replica looks for schedule batches to work (a submit also wakes it at once). */
  @IsInt()
  @Min(100)
  @Max(60_000)
  SCHEDULE_BATCH_POLL_MS: number = 1000;

  /** A replica's hold on a batch; one that stops renewing it (a crash) loses the batch to another after this. */
  @IsInt()
  @Min(1000)
  @Max(600_000)
  SCHEDULE_BATCH_LEASE_MS: number = 30_000;
}
