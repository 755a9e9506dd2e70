import { AppError } from '@slotline/errors';
import type { ConsumerConfig, NatsConnection, NatsError, StreamConfig, StreamInfo } from 'nats';
import { AckPolicy, DeliverPolicy, DiscardPolicy, RetentionPolicy, StorageType, nanos } from 'nats';

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

export interface DurableConsumerOptions {
  filterSubjects: string[];
  maxDeliver: number;
  ackWaitMs: number;
}

/** Creates the durable pull consumer, or brings an existing one's settings up to date. */
export async function ensureDurableConsumer(
  nc: NatsConnection,
  stream: string,
  durable: string,
  opts: DurableConsumerOptions,
): Promise<void> {
  const filters = opts.filterSubjects;
  if (filters.length > 1 && !serverAtLeast(nc.info?.version, 2, 10)) {
    // Older servers silently ignore filter_subjects and would deliver the whole stream.
    throw new AppError('SYS_INTERNAL', 'Several filter subjects need NATS server 2.10 or later');
  }
  const config: Partial<ConsumerConfig> = {
    max_deliver: opts.maxDeliver,
    ack_wait: nanos(opts.ackWaitMs),
    ...(filters.length === 1 ? { filter_subject: filters[0] } : { filter_subjects: filters }),
  };
  const jsm = await nc.jetstreamManager();
  try {
    await jsm.consumers.info(stream, durable);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await jsm.consumers.add(stream, {
      ...config,
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
    });
    return;
  }
  await jsm.consumers.update(stream, durable, config);
}

function serverAtLeast(version: string | undefined, major: number, minor: number): boolean {
  const [maj, min] = (version ?? '0.0').split('.').map(Number);
  return maj > major || (maj === major && min >= minor);
}
