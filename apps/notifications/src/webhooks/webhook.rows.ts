// The webhook tables' rows as the pg driver returns them, and what the repository writes (ADR 0010).
import { WebhookAttemptOutcome, WebhookDeliveryStatus, WebhookScope } from '@slotline/contracts';

export interface EndpointRow {
  id: string;
  owner_user_id: string;
  scope: WebhookScope;
  url: string;
  description: string | null;
  event_types: string[];
  enabled: boolean;
  disabled_reason: string | null;
  disabled_at: Date | null;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: Date | null;
  failing_since: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface NewEndpoint {
  id: string;
  owner_user_id: string;
  scope: WebhookScope;
  url: string;
  description: string | null;
  event_types: string[];
  enabled: boolean;
  secret_sealed: string;
}

export type EndpointPatch = Partial<Pick<EndpointRow, 'url' | 'description' | 'event_types' | 'enabled'>>;

export interface NewMessage {
  id: string;
  event_type: string;
  provider_user_id: string | null;
  occurred_at: Date;
  body: unknown;
}

/** A claimed delivery with what its attempt needs. */
export interface DueDelivery {
  delivery_id: string;
  attempt: number;
  endpoint: EndpointRow;
  message_id: string;
  event_type: string;
  body: unknown;
}

export interface DeliveryRow {
  id: string;
  endpoint_id: string;
  message_id: string;
  event_type: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  next_attempt_at: Date | null;
}

export interface AttemptRow {
  id: string;
  delivery_id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  attempt: number;
  attempted_at: Date;
  outcome: WebhookAttemptOutcome;
  status_code: number | null;
  latency_ms: number;
  response_body: string | null;
  error: string | null;
}

export type NewAttempt = Omit<AttemptRow, 'event_id' | 'event_type'>;

/** Every column of EndpointRow, for SELECT and RETURNING lists. */
export const ENDPOINT_COLUMNS = `id, owner_user_id, scope, url, description, event_types, enabled, disabled_reason,
  disabled_at, secret_sealed, previous_secret_sealed, previous_secret_expires_at, failing_since, created_at, updated_at`;
