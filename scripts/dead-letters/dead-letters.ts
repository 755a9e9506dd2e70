/**
 * `npm run dead-letters -- list|replay|discard --service <name> ...`: the operator's side of the inbox
 * dead letters (`<schema>.inbox_dead_letters`, runbook docs/runbooks/alerts.md, SlotlineInboxDeadLetters).
 *
 *   list     prints one JSON line per row: its id, consumer, event id and type, reason, problems and times.
 *            Never the payload: it may hold an email address or a phone number.
 *   replay   re-publishes each selected row's payload, unchanged (same envelope and event id), to its
 *            subject on the events stream, and deletes the row only once JetStream acknowledged it.
 *   discard  deletes the selected rows, logging the operator's `--note` with each.
 *
 * Replays are published with a `Nats-Msg-Id` of their own (`replayMsgId`), not the event id the relay
 * used: JetStream would otherwise answer `duplicate` and drop a replay made within the stream's duplicate
 * window (2 minutes by default) of the original publish, and the event would be lost with its row. The
 * consumers still deduplicate by the envelope's event id (their inbox), so a consumer that had handled
 * the event skips it, and the one that dead-lettered it handles it once. A `duplicate` answer to the
 * replay id means an earlier run of this tool already put this very replay into the stream (and then
 * failed before deleting the row): the row is deleted, with a warning line saying so.
 *
 * Every step is a JSON line on stdout, without payloads or connection strings. Exit code 0 when every
 * selected row was handled, 1 when one was refused or failed (or the tool could not run), 2 for bad
 * arguments or settings (printed with the usage on stderr).
 */
import 'reflect-metadata';
import { ConfigValidationError, loadConfig } from '@slotline/config';
import { EVENT_HEADERS, errorMessage } from '@slotline/messaging';
import { Queryable, SERVICE_SCHEMAS, createDataSource } from '@slotline/persistence';
import { NatsConnection, PubAck, connect, headers as natsHeaders } from 'nats';
import {
  DeadLetterKey,
  DeadLettersCommand,
  USAGE,
  UsageError,
  formatKey,
  parseDeadLettersArgs,
} from './dead-letters-args';
import { DeadLettersConfig } from './dead-letters.config';
import { DeadLetterRow, DeadLetterSummary, DeadLettersRepository } from './dead-letters.repository';

type Env = Record<string, string | undefined>;
export type DeadLettersLogLine = { level: 'info' | 'warn' | 'error'; event: string } & Record<
  string,
  unknown
>;

/** Where the tool writes: JSON lines, and the usage text after bad arguments. Tests capture both. */
export interface DeadLettersOutput {
  line(line: DeadLettersLogLine): void;
  usage(text: string): void;
}

const STDIO: DeadLettersOutput = {
  line: (line) => process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...line })}\n`),
  usage: (text) => process.stderr.write(`${text}\n`),
};

/** The header that tells a replay from the relay's first publish (informational; no consumer reads it). */
export const REPLAY_OF_HEADER = 'Slotline-Replay-Of';

/** The `Nats-Msg-Id` of a row's replay: one per row, so a re-run within the window is not stored twice. */
export function replayMsgId(row: DeadLetterSummary): string {
  return `slotline-replay:${row.consumer}:${row.stream}:${row.stream_seq}:${row.payload_sha256.slice(0, 16)}`;
}

export function deadLetterId(row: DeadLetterSummary): string {
  const key: DeadLetterKey = {
    consumer: row.consumer,
    stream: row.stream,
    streamSeq: row.stream_seq,
    sha256Prefix: row.payload_sha256.slice(0, 12),
  };
  return formatKey(key);
}

interface Run {
  db: Queryable;
  repo: DeadLettersRepository;
  config: DeadLettersConfig;
  out: DeadLettersOutput;
}

/** Runs one command; resolves to the exit code. `env` defaults to the process's (through loadConfig). */
export async function runDeadLetters(
  argv: string[],
  env?: Env,
  out: DeadLettersOutput = STDIO,
): Promise<number> {
  let cmd: DeadLettersCommand;
  let config: DeadLettersConfig;
  try {
    cmd = parseDeadLettersArgs(argv);
    config = loadConfig(DeadLettersConfig, env);
  } catch (err) {
    if (!(err instanceof UsageError || err instanceof ConfigValidationError)) throw err;
    out.line({ level: 'error', event: 'dead_letters_bad_arguments', error: err.message });
    out.usage(USAGE);
    return 2;
  }
  const { schema } = SERVICE_SCHEMAS[cmd.service];
  out.line({
    level: 'info',
    event: 'dead_letters_start',
    command: cmd.command,
    service: cmd.service,
    schema,
    stream: config.NATS_STREAM,
    subject_prefix: config.NATS_SUBJECT_PREFIX,
    filter: describeFilter(cmd),
    dry_run: cmd.command !== 'list' && cmd.dryRun,
  });
  const dataSource = createDataSource({
    url: config.databaseUrl(cmd.service),
    schema,
    applicationName: 'dead-letters',
    poolSize: 1,
  });
  try {
    await dataSource.initialize();
    const run: Run = { db: dataSource, repo: new DeadLettersRepository(schema), config, out };
    if (cmd.command === 'list') return await list(run, cmd);
    if (cmd.command === 'replay') return await replay(run, cmd);
    return await discard(run, cmd);
  } catch (err) {
    out.line({
      level: 'error',
      event: 'dead_letters_failed',
      command: cmd.command,
      error: errorMessage(err),
    });
    return 1;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}

async function list(run: Run, cmd: Extract<DeadLettersCommand, { command: 'list' }>): Promise<number> {
  const rows = await run.repo.list(run.db, cmd.filter);
  for (const row of rows)
    run.out.line({
      level: 'info',
      event: 'dead_letter',
      ...describe(row),
      stream: row.stream,
      stream_seq: row.stream_seq,
      problems: row.problems,
      dead_lettered_at: row.dead_lettered_at.toISOString(),
    });
  run.out.line({ level: 'info', event: 'dead_letters_listed', count: rows.length, limit: cmd.filter.limit });
  return notFound(run, cmd, rows) ? 1 : 0;
}

async function replay(run: Run, cmd: Extract<DeadLettersCommand, { command: 'replay' }>): Promise<number> {
  const rows = await run.repo.listWithPayload(run.db, cmd.filter);
  if (notFound(run, cmd, rows)) return 1;
  const counts = { matched: rows.length, replayed: 0, planned: 0, refused: 0, failed: 0 };
  let nc: NatsConnection | null = null;
  try {
    for (const row of rows) {
      const about = { ...describe(row), msg_id: replayMsgId(row) };
      const refused = whyNotReplayable(row, run.config, cmd.pastRetention);
      if (refused) {
        counts.refused += 1;
        run.out.line({ level: 'warn', event: 'dead_letter_replay_refused', ...about, why: refused });
        continue;
      }
      if (cmd.dryRun) {
        counts.planned += 1;
        run.out.line({
          level: 'info',
          event: 'dead_letter_replay_planned',
          ...about,
          msg: 'dry run: not published',
        });
        continue;
      }
      nc ??= await connect({ servers: run.config.NATS_URL, name: 'slotline-dead-letters' });
      let ack: PubAck;
      try {
        ack = await publish(nc, row, run.config);
      } catch (err) {
        counts.failed += 1;
        run.out.line({
          level: 'error',
          event: 'dead_letter_replay_failed',
          ...about,
          error: errorMessage(err),
          msg: 'row kept',
        });
        continue;
      }
      run.out.line(
        ack.duplicate
          ? {
              level: 'warn',
              event: 'dead_letter_replay_duplicate',
              ...about,
              msg: 'JetStream already holds this replay (an earlier run published it, then did not delete the row); deleting the row',
            }
          : { level: 'info', event: 'dead_letter_replayed', ...about, published_seq: ack.seq },
      );
      if (await deleteRow(run, row, about)) counts.replayed += 1;
      else counts.failed += 1;
    }
  } finally {
    await nc?.drain();
  }
  run.out.line({ level: 'info', event: 'dead_letters_replay_done', ...counts, dry_run: cmd.dryRun });
  return counts.refused + counts.failed > 0 ? 1 : 0;
}

async function discard(run: Run, cmd: Extract<DeadLettersCommand, { command: 'discard' }>): Promise<number> {
  const rows = await run.repo.list(run.db, cmd.filter);
  if (notFound(run, cmd, rows)) return 1;
  const counts = { matched: rows.length, discarded: 0, planned: 0, failed: 0 };
  for (const row of rows) {
    const about = { ...describe(row), note: cmd.note };
    if (cmd.dryRun) {
      counts.planned += 1;
      run.out.line({
        level: 'info',
        event: 'dead_letter_discard_planned',
        ...about,
        msg: 'dry run: not deleted',
      });
    } else if (await deleteRow(run, row, about, 'dead_letter_discarded')) counts.discarded += 1;
    else counts.failed += 1;
  }
  run.out.line({ level: 'info', event: 'dead_letters_discard_done', ...counts, dry_run: cmd.dryRun });
  return counts.failed > 0 ? 1 : 0;
}

/** The stored payload, byte for byte, to the subject it was consumed from, on the configured stream. */
function publish(nc: NatsConnection, row: DeadLetterRow, config: DeadLettersConfig): Promise<PubAck> {
  const envelope = JSON.parse(row.payload) as { traceparent?: unknown; request_id?: unknown };
  const h = natsHeaders();
  h.set(EVENT_HEADERS.eventType, row.event_type ?? '');
  if (typeof envelope.traceparent === 'string') h.set(EVENT_HEADERS.traceparent, envelope.traceparent);
  if (typeof envelope.request_id === 'string') h.set(EVENT_HEADERS.requestId, envelope.request_id);
  h.set(REPLAY_OF_HEADER, deadLetterId(row));
  return nc.jetstream().publish(row.subject, row.payload, {
    msgID: replayMsgId(row),
    headers: h,
    expect: { streamName: config.NATS_STREAM },
    timeout: config.NATS_REQUEST_TIMEOUT_MS,
  });
}

/** Deletes the row and logs it; false (logged) when the delete failed or another run had taken it. */
async function deleteRow(
  run: Run,
  row: DeadLetterSummary,
  about: Record<string, unknown>,
  event = 'dead_letter_deleted',
): Promise<boolean> {
  try {
    if (await run.repo.delete(run.db, row)) {
      run.out.line({ level: 'info', event, ...about });
      return true;
    }
    run.out.line({
      level: 'warn',
      event: 'dead_letter_already_gone',
      ...about,
      msg: 'another run deleted the row',
    });
    return true;
  } catch (err) {
    run.out.line({ level: 'error', event: 'dead_letter_delete_failed', ...about, error: errorMessage(err) });
    return false;
  }
}

/** Why a row must not be re-published as it is, or null. */
function whyNotReplayable(
  row: DeadLetterRow,
  config: DeadLettersConfig,
  pastRetention: boolean,
): string | null {
  if (!row.event_id)
    return 'no event id (malformed envelope): it would be dead-lettered again; discard it and have the producer re-send';
  let id: unknown;
  try {
    id = (JSON.parse(row.payload) as { id?: unknown }).id;
  } catch {
    id = undefined;
  }
  if (id !== row.event_id) return 'the stored payload does not carry the row’s event id';
  if (row.stream !== config.NATS_STREAM)
    return `dead-lettered from stream ${row.stream}, but NATS_STREAM is ${config.NATS_STREAM}`;
  if (!row.subject.startsWith(`${config.NATS_SUBJECT_PREFIX}evt.`))
    return `subject ${row.subject} is outside NATS_SUBJECT_PREFIX ${JSON.stringify(config.NATS_SUBJECT_PREFIX)}`;
  const oldest = Date.now() - config.MESSAGING_RETENTION_HOURS * 3_600_000;
  if (!pastRetention && row.dead_lettered_at.getTime() < oldest)
    return `older than MESSAGING_RETENTION_HOURS (${config.MESSAGING_RETENTION_HOURS}): other consumers of ${row.subject} may have forgotten the event and would handle it again; replay with --past-retention only if they cannot`;
  return null;
}

/** `--id` that matches nothing is an error (a typo, or another run took it); a filter may match none. */
function notFound(run: Run, cmd: DeadLettersCommand, rows: DeadLetterSummary[]): boolean {
  if (!cmd.filter.key || rows.length > 0) return false;
  run.out.line({ level: 'error', event: 'dead_letter_not_found', id: formatKey(cmd.filter.key) });
  return true;
}

function describe(row: DeadLetterSummary) {
  return {
    id: deadLetterId(row),
    consumer: row.consumer,
    event_id: row.event_id,
    event_type: row.event_type,
    reason: row.reason,
    subject: row.subject,
  };
}

function describeFilter({ filter }: DeadLettersCommand): Record<string, unknown> {
  return {
    id: filter.key && formatKey(filter.key),
    consumer: filter.consumer,
    reason: filter.reason,
    event_id: filter.eventId,
    since: filter.since?.toISOString(),
    until: filter.until?.toISOString(),
    limit: filter.limit,
  };
}

if (require.main === module) {
  runDeadLetters(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      STDIO.line({ level: 'error', event: 'dead_letters_failed', error: errorMessage(err) });
      process.exit(1);
    },
  );
}
