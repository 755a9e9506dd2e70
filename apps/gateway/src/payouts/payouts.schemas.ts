import { CAPTURE_METHODS, PAYOUT_STATUSES, PayoutAccountView, PayoutView } from '@slotline/contracts';
import type { SchemaObject } from '@nestjs/swagger';
import { defineObjectSchema, pageSchema } from '../openapi';

const uuid: SchemaObject = { type: 'string', format: 'uuid' };
const utc: SchemaObject = { type: 'string', format: 'date-time' };
const nullableUtc: SchemaObject = { ...utc, nullable: true };

export const PayoutSchema = defineObjectSchema<PayoutView>('Payout', {
  id: uuid,
  assignment_id: uuid,
  job_id: uuid,
  provider_user_id: { ...uuid, description: 'The provider who is paid.' },
  practitioner_id: uuid,
  customer_id: uuid,
  amount_minor: { type: 'integer', minimum: 0, description: 'The job price in minor units (pence, cents).' },
  currency: { type: 'string', pattern: '^[A-Z]{3}$', example: 'GBP' },
  status: {
    type: 'string',
    enum: [...PAYOUT_STATUSES],
    description: 'pending → approved → captured | failed; pending → denied.',
  },
  capture_method: {
    type: 'string',
    enum: [...CAPTURE_METHODS],
    nullable: true,
    description: '`manual`: no Stripe key is configured; an admin settles it with a reference.',
  },
  capture_attempts: { type: 'integer', minimum: 0 },
  reason: { type: 'string', nullable: true, description: 'Why it was denied, or why the capture failed.' },
  reference: {
    type: 'string',
    nullable: true,
    description: 'The Stripe transfer id or the manual reference.',
  },
  decided_by: { ...uuid, nullable: true },
  decided_at: nullableUtc,
  captured_at: nullableUtc,
  created_at: utc,
  updated_at: utc,
});
export const PayoutPageSchema = pageSchema(PayoutSchema);

export const PayoutAccountSchema = defineObjectSchema<PayoutAccountView>('PayoutAccount', {
  provider_user_id: uuid,
  stripe_account_id: { type: 'string', pattern: '^acct_[A-Za-z0-9]+$' },
  updated_at: utc,
});
