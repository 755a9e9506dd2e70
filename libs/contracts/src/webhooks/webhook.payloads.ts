import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PageQueryDto } from '../pagination/page-query.dto';
import { WEBHOOK_EVENT_TYPES, WebhookEventType } from './webhook-event-types';

export const WEBHOOK_SCOPES = ['platform', 'provider'] as const;
export type WebhookScope = (typeof WEBHOOK_SCOPES)[number];

/** Longest overlap a rotation may keep the old secret valid for (7 days). */
export const MAX_WEBHOOK_ROTATION_OVERLAP_SECONDS = 7 * 24 * 3600;

export class CreateWebhookEndpointBody {
  /** https (http and loopback only in development with WEBHOOK_ALLOW_INSECURE_URLS); checked against SSRF. */
  @IsString()
  @MinLength(8)
  @MaxLength(2048)
  url: string;

  @ArrayNotEmpty()
  @ArrayUnique()
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  event_types: WebhookEventType[];

  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateWebhookEndpointBody {
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(2048)
  url?: string;

  @IsOptional()
  @ArrayNotEmpty()
  @ArrayUnique()
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  event_types?: WebhookEventType[];

  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  /** true re-enables a disabled endpoint (its failure run starts over). */
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class WebhookEndpointRef {
  @IsUUID('all')
  id: string;
}

export class UpdateWebhookEndpointCommand extends UpdateWebhookEndpointBody {
  @IsUUID('all')
  id: string;
}

export class RotateWebhookSecretBody {
  /** How long the old secret keeps signing beside the new one; 0 after a leak. Default 24 h. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_WEBHOOK_ROTATION_OVERLAP_SECONDS)
  overlap_seconds?: number;
}

export class RotateWebhookSecretCommand extends RotateWebhookSecretBody {
  @IsUUID('all')
  id: string;
}

export class ListWebhookAttemptsQuery extends PageQueryDto {}

export class ListWebhookAttemptsCommand extends ListWebhookAttemptsQuery {
  @IsUUID('all')
  id: string;
}

export class WebhookDeliveryParams {
  @IsUUID('all')
  id: string;

  @IsUUID('all')
  delivery_id: string;
}

export class ReplayWebhookEventsBody {
  /** Events that happened at or after this instant. */
  @IsISO8601({ strict: true })
  since: string;

  /** …and before this one. At most 30 days after `since`. */
  @IsISO8601({ strict: true })
  until: string;
}

export class ReplayWebhookEventsCommand extends ReplayWebhookEventsBody {
  @IsUUID('all')
  id: string;
}

export interface WebhookEndpointView {
  id: string;
  url: string;
  description: string | null;
  event_types: WebhookEventType[];
  enabled: boolean;
  /** `platform` (an admin's: every event) or `provider` (only the owner's assignments and payouts). */
  scope: WebhookScope;
  owner_user_id: string;
  /** Why the delivery worker switched it off (`gone`: answered 410; `failing`: failed for 5 days). */
  disabled_reason: string | null;
  disabled_at: string | null;
  /** While a rotation overlaps, the old secret still signs until then. */
  previous_secret_expires_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Creation and rotation are the only answers that show a secret; it is never shown again. */
export interface WebhookEndpointWithSecretView extends WebhookEndpointView {
  secret: string;
}

export const WEBHOOK_ATTEMPT_OUTCOMES = ['delivered', 'failed', 'gone'] as const;
export type WebhookAttemptOutcome = (typeof WEBHOOK_ATTEMPT_OUTCOMES)[number];

export interface WebhookAttemptView {
  id: string;
  delivery_id: string;
  event_id: string;
  event_type: string;
  /** 1 for the first attempt of this delivery. */
  attempt: number;
  attempted_at: string;
  outcome: WebhookAttemptOutcome;
  status_code: number | null;
  latency_ms: number;
  /** The first 1 KB of the response body. */
  response_body: string | null;
  error: string | null;
}

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

export interface WebhookDeliveryView {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  next_attempt_at: string | null;
}

export interface WebhookReplayView {
  /** Deliveries (re)queued for the endpoint. */
  queued: number;
}
