/** NATS headers every command and query carries from the gateway to a service (SPEC §1 "Actor context"). */
export const RPC_HEADERS = {
  requestId: 'x-request-id',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
  actor: 'x-actor',
  idempotencyKey: 'idempotency-key',
  /** When the caller stops waiting, as epoch milliseconds: work not committed by then is abandoned. */
  deadline: 'x-deadline',
} as const;

export const ROLES = ['customer', 'provider', 'admin', 'super_admin'] as const;
export type Role = (typeof ROLES)[number];

/** Authentication assurance level: aal2 once a second factor was verified in this session. */
export type Aal = 'aal1' | 'aal2';

/** The authenticated caller, as the gateway vouches for it. */
export interface Actor {
  user_id: string;
  role: Role;
  session_id: string;
  aal: Aal;
}

/** What a service knows about the call beyond its payload. */
export interface CallMeta {
  actor: Actor | null;
  request_id: string | null;
  idempotency_key: string | null;
  traceparent: string | null;
}
