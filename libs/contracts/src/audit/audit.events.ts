import { Equals, IsOptional, IsString, MaxLength } from 'class-validator';
import { defineEvent } from '../events/event-registry';
import { AUDIT_EVENTS, RBAC_DENY_ACTION } from './audit.subjects';

/** `data` of `evt.gateway.access.denied.v1` (GW-2 `rbac_deny`). */
export class AccessDeniedEventData {
  /** The audit log records denials under the name the spec and the logs use. */
  @Equals(RBAC_DENY_ACTION)
  action: typeof RBAC_DENY_ACTION;

  @Equals('denied')
  outcome: 'denied';

  @Equals('route')
  resource_type: 'route';

  /** `<METHOD> <route pattern>`, e.g. `GET /v1/admin/audit-logs`. */
  @IsString()
  resource_id: string;

  @IsString()
  method: string;

  @IsString()
  path: string;

  @IsOptional()
  @IsString()
  permission: string | null;

  @IsString()
  reason: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  ip: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(512)
  user_agent: string | null;
}

/** Published straight to JetStream by the gateway (no outbox), validated by consumers all the same. */
export const AUDIT_EVENT_CONTRACTS = {
  accessDenied: defineEvent(AUDIT_EVENTS.accessDenied, AccessDeniedEventData),
} as const;
