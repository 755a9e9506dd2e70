import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { defineEvent } from '../events/event-registry';

export const PAYOUT_STATUSES = ['pending', 'approved', 'captured', 'failed', 'denied'] as const;
export type PayoutStatusName = (typeof PAYOUT_STATUSES)[number];

export class PayoutEventActor {
  @IsUUID('all')
  user_id: string;

  @IsString()
  role: string;
}

/**
 * The `data` of every evt.payouts.payout.*.v1 event. Money is integer minor units with an ISO 4217
 * currency. Carries what the audit log (AUTH-7), notifications (NTF-1) and webhooks (GW-8) need.
 */
export class PayoutEventData {
  @IsUUID('all')
  payout_id: string;

  @IsUUID('all')
  assignment_id: string;

  @IsUUID('all')
  job_id: string;

  /** The provider user who is paid. */
  @IsUUID('all')
  provider_user_id: string;

  @IsUUID('all')
  practitioner_id: string;

  @IsUUID('all')
  customer_id: string;

  @IsInt()
  @Min(0)
  amount_minor: number;

  @IsString()
  @Length(3, 3)
  currency: string;

  @IsIn(PAYOUT_STATUSES)
  status: PayoutStatusName;

  /** Deny reason, or why a capture failed. */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string | null;

  /** The payment provider's reference once captured (a Stripe transfer id, or a manual settlement reference). */
  @IsOptional()
  @IsString()
  @MaxLength(255)
  reference?: string | null;

  /** Who decided (approve / deny / settle); null for system transitions. */
  @IsOptional()
  @ValidateNested()
  @Type(() => PayoutEventActor)
  actor?: PayoutEventActor | null;

  @IsISO8601()
  occurred_at: string;
}

export const PAYOUT_EVENTS = {
  created: defineEvent('evt.payouts.payout.created.v1', PayoutEventData),
  approved: defineEvent('evt.payouts.payout.approved.v1', PayoutEventData),
  denied: defineEvent('evt.payouts.payout.denied.v1', PayoutEventData),
  captured: defineEvent('evt.payouts.payout.captured.v1', PayoutEventData),
  failed: defineEvent('evt.payouts.payout.failed.v1', PayoutEventData),
} as const;
