import { CronExpressionParser } from 'cron-parser';

/** The `REMINDER_CRON` value that turns the worker off. */
export const REMINDER_CRON_OFF = 'off';

/** The next fire time of a cron expression after `after` (read in UTC); throws on a bad expression. */
export function nextCronTime(cron: string, after: Date): Date {
  return CronExpressionParser.parse(cron, { currentDate: after, tz: 'UTC' }).next().toDate();
}
