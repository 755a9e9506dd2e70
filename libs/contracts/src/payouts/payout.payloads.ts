import {
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PageQueryDto } from '../pagination/page-query.dto';
import type { FulfilmentView } from '../scheduling/reporting.payloads';
import { PAYOUT_STATUSES, PayoutStatusName } from './payout.events';

/** How a payout's money moves: through Stripe, or by hand with a reference an admin records. */
export const CAPTURE_METHODS = ['stripe', 'manual'] as const;
export type CaptureMethodName = (typeof CAPTURE_METHODS)[number];

/** A payout as admins and its provider see it. Money is integer minor units. */
export interface PayoutView {
  id: string;
  assignment_id: string;
  job_id: string;
  provider_user_id: string;
  practitioner_id: string;
  customer_id: string;
  amount_minor: number;
  currency: string;
  status: PayoutStatusName;
  /** Set once capture has started; `manual` means an admin must settle it with a reference. */
  capture_method: CaptureMethodName | null;
  capture_attempts: number;
  /** Deny reason, or why the capture failed. */
  reason: string | null;
  /** The Stripe transfer id, or the reference of a manual settlement. */
  reference: string | null;
  decided_by: string | null;
  decided_at: string | null;
  captured_at: string | null;
  created_at: string;
  updated_at: string;
}

/** `GET /v1/admin/payouts`: oldest first, so the queue is worked in order. */
export class ListPayoutsQuery extends PageQueryDto {
  @IsOptional()
  @IsIn(PAYOUT_STATUSES)
  status?: PayoutStatusName;

  @IsOptional()
  @IsUUID('all', { message: 'provider_user_id must be a UUID' })
  provider_user_id?: string;

  /** Created at or after this instant. */
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  /** Created before this instant. */
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

/** `GET /v1/me/payouts`: the caller's own payouts, newest first. */
export class ListMyPayoutsQuery extends PageQueryDto {
  @IsOptional()
  @IsIn(PAYOUT_STATUSES)
  status?: PayoutStatusName;
}

export class PayoutRef {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class DenyPayoutBody {
  @IsString()
  @MinLength(3)
  @MaxLength(1000)
  reason: string;
}

export class DenyPayoutCommand extends DenyPayoutBody {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class SettlePayoutBody {
  /** The bank transfer or other reference of the money sent by hand. */
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  reference: string;
}

export class SettlePayoutCommand extends SettlePayoutBody {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

/** Where Stripe sends a provider's money: their connected account (`acct_…`). */
export class PayoutAccountBody {
  @IsString()
  @Matches(/^acct_[A-Za-z0-9]{1,64}$/, { message: 'stripe_account_id must look like acct_…' })
  stripe_account_id: string;
}

export interface PayoutAccountView {
  provider_user_id: string;
  stripe_account_id: string;
  updated_at: string;
}

/** SCH-11's `payout_pending`, and how long the oldest has waited. */
export interface PayoutBacklogView {
  payout_pending: number;
  oldest_pending_age_seconds: number | null;
  as_of: string;
}

/**
 * `GET /v1/admin/fulfilment` (SCH-11): scheduling's counts and payouts' `payout_pending`, joined at the
 * gateway; `payout_pending` is null while payouts does not answer, so the other counts still show.
 */
export interface FulfilmentReportView extends FulfilmentView {
  payout_pending: number | null;
}
