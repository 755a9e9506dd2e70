import { plainToInstance } from 'class-transformer';
import { Equals, IsInt, IsUUID, Matches, Min, validateSync } from 'class-validator';
import { AppError } from '@slotline/errors';

/**
 * What payouts reads of evt.scheduling.assignment.completed.v1 (scheduling's AssignmentEventData):
 * validated here, at payouts' edge, since money is made from it. Other fields are ignored.
 */
export class CompletedAssignment {
  @IsUUID('all')
  assignment_id: string;

  @IsUUID('all')
  job_id: string;

  @IsUUID('all')
  provider_user_id: string;

  @IsUUID('all')
  practitioner_id: string;

  @IsUUID('all')
  customer_id: string;

  @Equals('completed')
  status: string;

  /** The job's price in minor units: what the provider is paid. */
  @IsInt()
  @Min(0)
  price_amount: number;

  @Matches(/^[A-Z]{3}$/)
  currency: string;
}

/**
 * The inbox already checked the data against AssignmentEventData; this re-reads what money is made of.
 * @throws AppError SYS_INTERNAL naming the bad fields; the inbox retries, then dead-letters the event.
 */
export function readCompletedAssignment(data: object): CompletedAssignment {
  const parsed = plainToInstance(CompletedAssignment, data ?? {});
  const problems = validateSync(parsed);
  if (problems.length > 0) {
    throw new AppError(
      'SYS_INTERNAL',
      `assignment.completed event without a valid ${problems.map((p) => p.property).join(', ')}`,
    );
  }
  return parsed;
}
