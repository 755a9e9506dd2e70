import { DEAD_LETTER_REASONS, DeadLetterReason } from '@slotline/messaging';
import { parseArgs } from 'node:util';

/** The services whose inbox consumers keep dead letters (migration 1764900000070). */
export const DEAD_LETTER_SERVICES = ['auth-audit', 'notifications', 'payouts'] as const;
export type DeadLetterService = (typeof DEAD_LETTER_SERVICES)[number];

export const USAGE = `usage: npm run dead-letters -- <command> --service <${DEAD_LETTER_SERVICES.join('|')}> [options]
  list                          ids, type, reason, problems and times (never the payload)
  replay  (--id <id> | filter)  re-publish each payload to its subject, delete the row once acknowledged
          [--dry-run] [--past-retention]
  discard (--id <id> | filter) --note <why>   delete without replaying
          [--dry-run]
filters: --consumer <durable> --reason <${DEAD_LETTER_REASONS.join('|')}> --event-id <uuid>
         --since <ISO time> --until <ISO time> --limit <n> (list: default 100)
an <id> is what list prints: <consumer>/<stream>/<stream_seq>/<payload sha256 prefix>`;

/** Wrong arguments: the message says which and why; the script prints it with USAGE and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The primary key of a dead letter, as `list` prints it (the hash shortened to a prefix). */
export interface DeadLetterKey {
  consumer: string;
  stream: string;
  streamSeq: string;
  sha256Prefix: string;
}

export interface DeadLetterFilter {
  key?: DeadLetterKey;
  consumer?: string;
  reason?: DeadLetterReason;
  eventId?: string;
  since?: Date;
  until?: Date;
  limit?: number;
}

export type DeadLettersCommand =
  | { command: 'list'; service: DeadLetterService; filter: DeadLetterFilter }
  | {
      command: 'replay';
      service: DeadLetterService;
      filter: DeadLetterFilter;
      dryRun: boolean;
      pastRetention: boolean;
    }
  | {
      command: 'discard';
      service: DeadLetterService;
      filter: DeadLetterFilter;
      dryRun: boolean;
      note: string;
    };

const COMMANDS = ['list', 'replay', 'discard'] as const;
const KEY = /^(.+)\/([^/]+)\/(\d+)\/([0-9a-f]{8,64})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function formatKey(key: DeadLetterKey): string {
  return `${key.consumer}/${key.stream}/${key.streamSeq}/${key.sha256Prefix}`;
}

export function parseDeadLettersArgs(argv: string[]): DeadLettersCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        service: { type: 'string' },
        id: { type: 'string' },
        consumer: { type: 'string' },
        reason: { type: 'string' },
        'event-id': { type: 'string' },
        since: { type: 'string' },
        until: { type: 'string' },
        limit: { type: 'string' },
        note: { type: 'string' },
        'dry-run': { type: 'boolean' },
        'past-retention': { type: 'boolean' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { positionals, values: v } = parsed;
  const [command, ...extra] = positionals;
  if (!command) throw new UsageError('no command: list, replay or discard');
  if (!isOneOf(COMMANDS, command)) throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  if (extra.length) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  if (!v.service) throw new UsageError('--service is required');
  if (!isOneOf(DEAD_LETTER_SERVICES, v.service))
    throw new UsageError(
      `unknown --service ${JSON.stringify(v.service)}: one of ${DEAD_LETTER_SERVICES.join(', ')}`,
    );

  const filter: DeadLetterFilter = {
    consumer: v.consumer,
    reason: v.reason === undefined ? undefined : reasonOf(v.reason),
    eventId: v['event-id'] === undefined ? undefined : eventIdOf(v['event-id']),
    since: v.since === undefined ? undefined : timeOf('--since', v.since),
    until: v.until === undefined ? undefined : timeOf('--until', v.until),
    limit: v.limit === undefined ? (command === 'list' ? 100 : undefined) : limitOf(v.limit),
  };
  if (v.id !== undefined) {
    if (Object.entries(filter).some(([name, value]) => name !== 'limit' && value !== undefined))
      throw new UsageError('--id names one dead letter: give no other filter with it');
    filter.key = keyOf(v.id);
  }
  if (command !== 'list' && Object.values(filter).every((value) => value === undefined))
    throw new UsageError(
      `${command} needs --id or at least one filter (--consumer, --reason, --event-id, --since, --until)`,
    );
  if (command !== 'replay' && v['past-retention'])
    throw new UsageError('--past-retention is for replay only');
  if (command !== 'discard' && v.note !== undefined) throw new UsageError('--note is for discard only');
  if (command === 'list' && v['dry-run'])
    throw new UsageError('list changes nothing: --dry-run is for replay and discard');

  const service = v.service;
  if (command === 'list') return { command, service, filter };
  const dryRun = v['dry-run'] ?? false;
  if (command === 'replay')
    return { command, service, filter, dryRun, pastRetention: v['past-retention'] ?? false };
  const note = v.note?.trim();
  if (!note) throw new UsageError('discard needs --note <why>: it is logged with each deleted row');
  return { command, service, filter, dryRun, note };
}

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}

function reasonOf(value: string): DeadLetterReason {
  if (isOneOf(DEAD_LETTER_REASONS, value)) return value;
  throw new UsageError(`unknown --reason ${JSON.stringify(value)}: one of ${DEAD_LETTER_REASONS.join(', ')}`);
}

function eventIdOf(value: string): string {
  if (UUID.test(value)) return value.toLowerCase();
  throw new UsageError(`--event-id must be a UUID, got ${JSON.stringify(value)}`);
}

function timeOf(option: string, value: string): Date {
  const time = new Date(value);
  if (/^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(time.getTime())) return time;
  throw new UsageError(
    `${option} must be an ISO 8601 time (2026-12-03T14:00:00Z), got ${JSON.stringify(value)}`,
  );
}

function limitOf(value: string): number {
  const n = Number(value);
  if (Number.isInteger(n) && n >= 1) return n;
  throw new UsageError(`--limit must be a whole number of at least 1, got ${JSON.stringify(value)}`);
}

function keyOf(value: string): DeadLetterKey {
  const m = KEY.exec(value);
  if (!m)
    throw new UsageError(
      `--id ${JSON.stringify(value)} is not an id as list prints it (<consumer>/<stream>/<stream_seq>/<sha256 prefix>)`,
    );
  return { consumer: m[1], stream: m[2], streamSeq: m[3], sha256Prefix: m[4] };
}
