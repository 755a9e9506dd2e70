/**
 * Payouts and the providers' Stripe accounts (PAY-1…PAY-3), in `schema` (`payouts`; integration tests
 * use a private copy). One payout per assignment, enforced by a unique key, so a redelivered completion
 * event cannot create a second. The capture columns are the worker's queue: an approved payout is due
 * when `next_capture_at` has passed and no live lease holds it.
 */
export function payoutsTablesSql(schema: string): string[] {
  const s = `"${schema}"`;
  return [
    `CREATE TABLE ${s}.payouts (
      id uuid PRIMARY KEY,
      assignment_id uuid NOT NULL,
      job_id uuid NOT NULL,
      provider_user_id uuid NOT NULL,
      practitioner_id uuid NOT NULL,
      customer_id uuid NOT NULL,
      amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
      currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      status text NOT NULL CHECK (status IN ('pending', 'approved', 'captured', 'failed', 'denied')),
      reason text,
      reference text,
      decided_by uuid,
      decided_role text,
      decided_at timestamptz,
      capture_method text CHECK (capture_method IN ('stripe', 'manual')),
      capture_attempts integer NOT NULL DEFAULT 0,
      next_capture_at timestamptz,
      capture_lease_until timestamptz,
      last_capture_error text,
      captured_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT payouts_assignment_key UNIQUE (assignment_id),
      CONSTRAINT payouts_denied_has_reason CHECK (status <> 'denied' OR reason IS NOT NULL),
      CONSTRAINT payouts_captured_has_reference CHECK (status <> 'captured' OR reference IS NOT NULL)
    )`,
    `CREATE INDEX payouts_status_id_idx ON ${s}.payouts (status, id)`,
    `CREATE INDEX payouts_provider_id_idx ON ${s}.payouts (provider_user_id, id)`,
    `CREATE INDEX payouts_capture_due_idx ON ${s}.payouts (next_capture_at) WHERE status = 'approved' AND next_capture_at IS NOT NULL`,
    `CREATE TABLE ${s}.provider_accounts (
      provider_user_id uuid PRIMARY KEY,
      stripe_account_id text NOT NULL CHECK (stripe_account_id ~ '^acct_[A-Za-z0-9]+$'),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
  ];
}

export function dropPayoutsTablesSql(schema: string): string[] {
  return [`DROP TABLE "${schema}".provider_accounts`, `DROP TABLE "${schema}".payouts`];
}
