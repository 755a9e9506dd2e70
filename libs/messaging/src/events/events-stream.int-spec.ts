import { randomBytes } from 'node:crypto';
import { NatsConnection, StorageType, connect, nanos } from 'nats';
import { ensureEventsStream } from './events-stream';

describe(ensureEventsStream.name, () => {
  const suffix = randomBytes(5).toString('hex');
  const name = `EVENTS_S_${suffix}`;
  let nc: NatsConnection;

  beforeAll(async () => {
    nc = await connect({ servers: '127.0.0.1:4222' });
  });
  afterAll(async () => {
    await (await nc.jetstreamManager()).streams.delete(name).catch(() => undefined);
    await nc.drain();
  });

  it('creates the stream, then updates it in place when called again', async () => {
    const created = await ensureEventsStream(nc, { name, subjectPrefix: `s_${suffix}.` });
    const updated = await ensureEventsStream(nc, {
      name,
      subjectPrefix: `s_${suffix}.`,
      duplicateWindowMs: 10 * 60_000,
    });

    expect(created.config).toMatchObject({
      subjects: [`s_${suffix}.evt.>`],
      storage: StorageType.File,
      duplicate_window: nanos(120_000),
    });
    expect(updated.config.duplicate_window).toBe(nanos(600_000));
  });

  it('drops a re-publish with the same Nats-Msg-Id inside the duplicate window', async () => {
    await ensureEventsStream(nc, { name, subjectPrefix: `s_${suffix}.` });
    const js = nc.jetstream();

    const first = await js.publish(`s_${suffix}.evt.auth.user.registered.v1`, '{}', {
      msgID: `id-${suffix}`,
    });
    const again = await js.publish(`s_${suffix}.evt.auth.user.registered.v1`, '{}', {
      msgID: `id-${suffix}`,
    });

    expect(first.duplicate).toBe(false);
    expect(again).toMatchObject({ duplicate: true, seq: first.seq });
  });
});
