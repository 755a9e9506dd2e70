import { assertIdentifier } from '@slotline/persistence';

/** Minimum retention the purge function accepts, whoever calls it: a stolen service login cannot wipe recent history. */
export const MIN_AUDIT_RETENTION_DAYS = 30;

/** The advisory-lock key every chain writer (appends and purges) takes, so the chain has one order. */
export function chainLockKey(schema: string): string {
  return `${assertIdentifier(schema)}.audit_log`;
}

/** The lock the periodic purge tries, so that across replicas one of them purges per tick. */
export function purgeLockKey(schema: string): string {
  return `${assertIdentifier(schema)}.audit_log.purge`;
}

/**
 * DDL of the audit log in `schema`, run by the migrator (who then owns the tables and the function).
 * `serviceRole` may only SELECT and INSERT rows; deleting old rows goes through the SECURITY DEFINER
 * purge function, which cuts a prefix of the chain and records a checkpoint of where it cut.
 */
export function auditLogUpSql(schema: string, serviceRole: string): string[] {
  const s = assertIdentifier(schema);
  const role = assertIdentifier(serviceRole);
  return [
    `CREATE TABLE ${s}.audit_log (
      id uuid PRIMARY KEY,
      seq bigint NOT NULL,
      occurred_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL,
      actor_id text,
      actor_role text,
      action text NOT NULL,
      resource_type text,
      resource_id text,
      outcome text NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
      ip text,
      user_agent text,
      trace_id text,
      request_id text,
      metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
      source_event_id uuid,
      prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
      hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
      CONSTRAINT audit_log_seq_key UNIQUE (seq),
      CONSTRAINT audit_log_source_event_key UNIQUE (source_event_id)
    )`,
    `CREATE INDEX audit_log_occurred_idx ON ${s}.audit_log (occurred_at DESC, seq DESC)`,
    `CREATE INDEX audit_log_actor_idx ON ${s}.audit_log (actor_id, occurred_at DESC, seq DESC)`,
    `CREATE INDEX audit_log_action_idx ON ${s}.audit_log (action text_pattern_ops, occurred_at DESC)`,
    `CREATE INDEX audit_log_resource_idx ON ${s}.audit_log (resource_type, resource_id, occurred_at DESC)`,
    `CREATE INDEX audit_log_recorded_idx ON ${s}.audit_log (recorded_at)`,
    `CREATE TABLE ${s}.audit_checkpoints (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      cut_seq bigint NOT NULL,
      cut_hash text NOT NULL CHECK (cut_hash ~ '^[0-9a-f]{64}$'),
      purged_rows bigint NOT NULL,
      cutoff timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX audit_checkpoints_cut_idx ON ${s}.audit_checkpoints (cut_seq DESC)`,
    // Default privileges gave the service role full DML on new tables: the log is append-only.
    `REVOKE UPDATE, DELETE, TRUNCATE ON ${s}.audit_log FROM ${role}`,
    `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${s}.audit_checkpoints FROM ${role}`,
    `CREATE FUNCTION ${s}.purge_audit_log(p_retention_days integer)
      RETURNS TABLE (purged_rows bigint, cut_seq bigint, cut_hash text)
      LANGUAGE plpgsql
      SECURITY DEFINER
      SET search_path = pg_catalog, pg_temp
    AS $fn$
    DECLARE
      v_cutoff timestamptz;
      v_cut bigint;
      v_young bigint;
      v_hash text;
      v_count bigint;
    BEGIN
      IF p_retention_days IS NULL OR p_retention_days < ${MIN_AUDIT_RETENTION_DAYS} THEN
        RAISE EXCEPTION 'audit log retention must be at least ${MIN_AUDIT_RETENTION_DAYS} days, got %', p_retention_days
          USING ERRCODE = '22023';
      END IF;
      PERFORM pg_advisory_xact_lock(hashtext('${chainLockKey(s)}'));
      v_cutoff := now() - make_interval(days => p_retention_days);
      SELECT max(l.seq) INTO v_cut FROM ${s}.audit_log l WHERE l.recorded_at < v_cutoff;
      IF v_cut IS NULL THEN
        RETURN;
      END IF;
      -- Only a prefix of the chain may go: stop below the first row that is still young enough.
      SELECT min(l.seq) INTO v_young FROM ${s}.audit_log l WHERE l.seq <= v_cut AND l.recorded_at >= v_cutoff;
      IF v_young IS NOT NULL THEN
        v_cut := v_young - 1;
      END IF;
      SELECT l.hash INTO v_hash FROM ${s}.audit_log l WHERE l.seq = v_cut;
      IF v_hash IS NULL THEN
        RETURN;
      END IF;
      DELETE FROM ${s}.audit_log l WHERE l.seq <= v_cut;
      GET DIAGNOSTICS v_count = ROW_COUNT;
      INSERT INTO ${s}.audit_checkpoints (cut_seq, cut_hash, purged_rows, cutoff) VALUES (v_cut, v_hash, v_count, v_cutoff);
      RETURN QUERY SELECT v_count, v_cut, v_hash;
    END
    $fn$`,
    `REVOKE ALL ON FUNCTION ${s}.purge_audit_log(integer) FROM PUBLIC`,
    `GRANT EXECUTE ON FUNCTION ${s}.purge_audit_log(integer) TO ${role}`,
  ];
}

export function auditLogDownSql(schema: string): string[] {
  const s = assertIdentifier(schema);
  return [`DROP FUNCTION ${s}.purge_audit_log(integer)`, `DROP TABLE ${s}.audit_checkpoints, ${s}.audit_log`];
}
