import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { defineEvent } from '../events/event-registry';

export const WEBHOOK_DISABLE_REASONS = ['gone', 'failing'] as const;
export type WebhookDisableReason = (typeof WEBHOOK_DISABLE_REASONS)[number];

/**
 * The `data` of evt.notifications.webhook_endpoint.disabled.v1: an endpoint was switched off by the
 * delivery worker (it answered 410, or failed for the whole failure window). The audit log records it;
 * notifications may tell the owner. The fields the audit log promotes are explicit.
 */
export class WebhookEndpointDisabledData {
  @IsUUID('all')
  endpoint_id: string;

  /** Who registered the endpoint: the provider, or the admin of a platform-wide endpoint. */
  @IsUUID('all')
  owner_user_id: string;

  @IsIn(['platform', 'provider'])
  scope: 'platform' | 'provider';

  @IsString()
  @MaxLength(2048)
  url: string;

  @IsIn(WEBHOOK_DISABLE_REASONS)
  reason: WebhookDisableReason;

  /** Start of the run of failures (reason `failing`), else null. */
  @IsOptional()
  @IsISO8601()
  failing_since?: string | null;

  @IsIn(['webhook_endpoint'])
  resource_type: 'webhook_endpoint';

  @IsUUID('all')
  resource_id: string;

  @IsIn(['failure'])
  outcome: 'failure';

  @IsIn(['system'])
  actor_role: 'system';
}

export const WEBHOOK_EVENTS = {
  endpointDisabled: defineEvent(
    'evt.notifications.webhook_endpoint.disabled.v1',
    WebhookEndpointDisabledData,
  ),
} as const;
