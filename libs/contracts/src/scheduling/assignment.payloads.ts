import { IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min, MinLength } from 'class-validator';
import { PageQueryDto } from '../pagination/page-query.dto';
import { ASSIGNMENT_STATUSES, AssignmentStatusName, ProposerSide } from './scheduling.types';

export class AssignmentRef {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class ListAssignmentsQuery extends PageQueryDto {
  @IsOptional()
  @IsIn(ASSIGNMENT_STATUSES)
  status?: AssignmentStatusName;

  @IsOptional()
  @IsUUID('all', { message: 'job_id must be a UUID' })
  job_id?: string;
}

/** Confirms the pending proposal the caller saw: its `schedule_version` must still be current. */
export class ConfirmScheduleBody {
  @IsInt()
  @Min(0)
  schedule_version: number;
}

export class ConfirmScheduleCommand extends ConfirmScheduleBody {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class RejectAssignmentBody {
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class RejectAssignmentCommand extends RejectAssignmentBody {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class CompleteAssignmentBody {
  /**
   * Admins only: records the visit as completed before its scheduled start. The reason is audited
   * (`evt.scheduling.assignment.completed_early.v1`).
   */
  @IsOptional()
  @IsString()
  @MinLength(3, { message: 'override_reason must say why, in at least 3 characters' })
  @MaxLength(500)
  override_reason?: string;
}

export class CompleteAssignmentCommand extends CompleteAssignmentBody {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export interface AssignmentView {
  id: string;
  job_id: string;
  practitioner_id: string;
  provider_user_id: string;
  customer_id: string;
  status: AssignmentStatusName;
  /** The practitioner's IANA zone; the times below carry its offset. */
  time_zone: string;
  duration_minutes: number;
  schedule_version: number;
  /** The pending proposal, if any (for a scheduled assignment: a proposed reschedule). */
  proposed_start: string | null;
  proposed_end: string | null;
  schedule_proposed_by: ProposerSide | null;
  proposed_at: string | null;
  /** The confirmed, booked window. */
  scheduled_start: string | null;
  scheduled_end: string | null;
  confirmed_at: string | null;
  rejected_at: string | null;
  rejection_reason: string | null;
  completed_at: string | null;
  cancelled_at: string | null;
  reminder_overdue: boolean;
  reminder_overdue_at: string | null;
  created_at: string;
  updated_at: string;
}
