import { AUDIT_OUTCOMES, AuditLogRecord, AuditVerifyResult } from '@slotline/contracts';
import { defineObjectSchema, optional, pageSchema } from '../openapi';

const nullableText = (description?: string) => ({
  type: 'string' as const,
  nullable: true,
  ...(description ? { description } : {}),
});
const sha256 = { type: 'string' as const, pattern: '^[0-9a-f]{64}$' };

export const AuditLogRecordSchema = defineObjectSchema<AuditLogRecord>(
  'AuditLogRecord',
  {
    id: { type: 'string', format: 'uuid' },
    seq: { type: 'integer', minimum: 1, description: 'Position in the hash chain; strictly increasing.' },
    occurred_at: { type: 'string', format: 'date-time' },
    recorded_at: { type: 'string', format: 'date-time' },
    actor_id: nullableText(),
    actor_role: nullableText(),
    action: { type: 'string', example: 'auth.session.login_succeeded' },
    resource_type: nullableText(),
    resource_id: nullableText(),
    outcome: { type: 'string', enum: [...AUDIT_OUTCOMES] },
    ip: nullableText(),
    user_agent: nullableText(),
    trace_id: nullableText(),
    request_id: nullableText(),
    metadata: {
      type: 'object',
      additionalProperties: true,
      description: 'Event type, producer and the redacted event data.',
    },
    source_event_id: { type: 'string', format: 'uuid', nullable: true },
    prev_hash: sha256,
    hash: sha256,
  },
  { description: 'One audit row; PII was redacted when it was written (docs/runbooks/audit-log.md).' },
);

export const AuditLogRecordPageSchema = pageSchema(AuditLogRecordSchema);

export const AuditVerifyResultSchema = defineObjectSchema<AuditVerifyResult>('AuditVerifyResult', {
  ok: { type: 'boolean' },
  checked: { type: 'integer', minimum: 0, description: 'Rows examined, the broken one included.' },
  first_broken: optional({
    type: 'object',
    required: ['id', 'seq'],
    properties: { id: { type: 'string', format: 'uuid' }, seq: { type: 'integer' } },
    description: 'The earliest row that does not check out.',
  }),
});
