import type { NatsConnection, NatsError, StreamConfig, StreamInfo } from 'nats';
import { DiscardPolicy, RetentionPolicy, StorageType, nanos } from 'nats';

export interface EventsStreamOptions {
  /** Default 'EVENTS'. */
  name?: string;
  /** Prepended to `evt.>`; default ''. */
  subjectPrefix?: string;
  /** How long JetStream remembers a `Nats-Msg-Id` to drop re-publishes. Default 2 minutes. */
  duplicateWindowMs?: number;
  /** Drop events older than this; default 0 (keep forever). */
  maxAgeMs?: number;
  /** Default 1; use 3 on a clustered server. */
  replicas?: number;
}

/** Creates the domain events stream, or brings an existing one in line with these options. */
export async function ensureEventsStream(
  nc: NatsConnection,
  opts: EventsStreamOptions = {},
): Promise<StreamInfo> {
  const name = opts.name ?? 'EVENTS';
  const config: Partial<StreamConfig> = {
    name,
    subjects: [`${opts.subjectPrefix ?? ''}evt.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    duplicate_window: nanos(opts.duplicateWindowMs ?? 2 * 60_000),
    max_age: nanos(opts.maxAgeMs ?? 0),
    num_replicas: opts.replicas ?? 1,
  };
  const jsm = await nc.jetstreamManager();
  try {
    await jsm.streams.info(name);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    return jsm.streams.add(config);
  }
  const { name: _name, storage: _storage, retention: _retention, ...updatable } = config;
  return jsm.streams.update(name, updatable);
}

export function isNotFound(err: unknown): boolean {
  return (err as Partial<NatsError> | undefined)?.api_error?.code === 404;
}
