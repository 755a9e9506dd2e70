import { defineRpc } from '@slotline/contracts';
import { connectTestNats } from '@slotline/testing';
import { JSONCodec, NatsConnection } from 'nats';
import { randomBytes } from 'node:crypto';
import { RpcClient } from './rpc-client';

const codec = JSONCodec<{ pattern: string; data: { n: number }; id: string }>();
const double = defineRpc<{ n: number }, { twice: number }>('probe.double');
const silent = defineRpc<{ n: number }, never>('probe.silent');
const nobody = defineRpc<{ n: number }, never>('probe.nobody');

/** Answers in Nest's wire format, as a PrefixedNatsServer does; `late` answers after the caller's timeout. */
function serve(nc: NatsConnection, prefix: string): void {
  nc.subscribe(`${prefix}${double.subject}`, {
    callback: (_, msg) => {
      const { data, id } = codec.decode(msg.data);
      // Out of order: a later request may be answered first, each must still get its own answer.
      setTimeout(
        () => msg.respond(JSON.stringify({ response: { twice: data.n * 2 }, isDisposed: true, id })),
        20 - data.n,
      );
    },
  });
  nc.subscribe(`${prefix}${silent.subject}`, {
    callback: (_, msg) => {
      const { id } = codec.decode(msg.data);
      setTimeout(() => msg.respond(JSON.stringify({ response: 'late', isDisposed: true, id })), 300);
    },
  });
}

describe(RpcClient.name, () => {
  let service: NatsConnection;
  let nc: NatsConnection;
  let sut: RpcClient;
  const prefix = `t${randomBytes(5).toString('hex')}.`;
  const observed: string[] = [];

  beforeAll(async () => {
    service = await connectTestNats();
    serve(service, prefix);
    await service.flush();
    nc = await connectTestNats();
    sut = new RpcClient({
      nc,
      subjectPrefix: prefix,
      timeoutMs: 2000,
      observe: (s, o) => observed.push(`${s} ${o}`),
    });
  });

  afterAll(async () => {
    await nc?.close();
    await service?.close();
  });

  it('gives every concurrent call its own answer', async () => {
    const answers = await Promise.all([1, 2, 3, 4, 5].map((n) => sut.request(double, { n })));
    expect(answers).toEqual([2, 4, 6, 8, 10].map((twice) => ({ twice })));
  });

  it('fails at once with SYS_UPSTREAM_UNAVAILABLE when no service subscribes to the subject', async () => {
    const started = Date.now();
    await expect(sut.request(nobody, { n: 1 })).rejects.toMatchObject({
      code: 'SYS_UPSTREAM_UNAVAILABLE',
      message: 'No service is answering "probe.nobody" right now.',
    });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(observed).toContain('probe.nobody SYS_UPSTREAM_UNAVAILABLE');
  });

  it('answers SYS_UPSTREAM_TIMEOUT past the timeout, ignores the late answer, and goes on', async () => {
    await expect(sut.request(silent, { n: 1 }, { timeoutMs: 100 })).rejects.toMatchObject({
      code: 'SYS_UPSTREAM_TIMEOUT',
    });
    await new Promise((r) => setTimeout(r, 400)); // the late answer arrives meanwhile
    await expect(sut.request(double, { n: 4 })).resolves.toEqual({ twice: 8 });
  });

  it('fails what is waiting when its connection closes, and refuses new calls', async () => {
    const own = await connectTestNats();
    const client = new RpcClient({ nc: own, subjectPrefix: prefix, timeoutMs: 5000 });
    const waiting = client.request(silent, { n: 1 });
    await own.flush();
    await own.close();
    await expect(waiting).rejects.toMatchObject({ code: 'SYS_UPSTREAM_TIMEOUT' });
    await expect(client.request(double, { n: 1 })).rejects.toMatchObject({
      code: 'SYS_UPSTREAM_UNAVAILABLE',
    });
  });
});
