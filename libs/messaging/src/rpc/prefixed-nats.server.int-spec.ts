import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { INestMicroservice } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { AppError } from '@slotline/errors';
import { Metrics, initTracing, type TracingHandle } from '@slotline/observability';
import { capturedLogger, connectTestNats, sampleValue, TEST_NATS_URL } from '@slotline/testing';
import { headers as natsHeaders, JSONCodec, NatsConnection } from 'nats';
import { randomBytes } from 'node:crypto';
import { PrefixedNatsServer } from './prefixed-nats.server';
import { RpcErrorFilter } from './rpc-exception.filter';
import { SerializedJson } from './serialized-json';

const codec = JSONCodec<Record<string, unknown>>();
const PAGE = { items: [{ id: 'a', at: '2024-03-10T03:00:00-04:00', note: 'é "q" \u2028' }], has_more: false };

@Controller()
class ProbeController {
  @MessagePattern('slow')
  async slow(): Promise<{ done: true }> {
    await new Promise((r) => setTimeout(r, 600));
    return { done: true };
  }

  @MessagePattern('ok')
  ok(data: { n: number }): { twice: number } {
    return { twice: data.n * 2 };
  }

  @MessagePattern('page')
  page(): typeof PAGE {
    return PAGE;
  }

  @MessagePattern('page-as-json')
  pageAsJson(): SerializedJson<typeof PAGE> {
    return new SerializedJson(Buffer.from(JSON.stringify(PAGE)));
  }

  @MessagePattern('refused')
  async refused(): Promise<never> {
    await Promise.resolve();
    throw new AppError('NF_RESOURCE', 'No probe with this id.');
  }

  @MessagePattern('broken')
  broken(): never {
    throw new Error('a bug');
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

describe(PrefixedNatsServer.name, () => {
  let nc: NatsConnection;
  let sut: INestMicroservice;
  let tracing: TracingHandle;
  const spans = new InMemorySpanExporter();
  const metrics = new Metrics({ service: 'test', collectDefault: false });
  const { logger, logs } = capturedLogger('test');
  const prefix = `t${randomBytes(5).toString('hex')}.`;

  beforeAll(async () => {
    tracing = initTracing({
      serviceName: 'rpc-server-spec',
      spanProcessors: [new SimpleSpanProcessor(spans)],
    });
    nc = await connectTestNats();
    sut = await NestFactory.createMicroservice(ProbeModule, {
      strategy: new PrefixedNatsServer({
        servers: TEST_NATS_URL,
        queue: 'probe',
        subjectPrefix: prefix,
        observability: { metrics, logger },
      }),
      logger: false,
    });
    sut.useGlobalFilters(new RpcErrorFilter());
    await sut.listen();
  });

  afterAll(async () => {
    await nc?.close();
    await tracing.shutdown();
  });

  const call = async (subject: string, data: unknown, extra: Record<string, string> = {}) => {
    const h = natsHeaders();
    for (const [k, v] of Object.entries(extra)) h.set(k, v);
    const reply = await nc.request(
      `${prefix}${subject}`,
      codec.encode({ pattern: subject, data, id: 'r1' }),
      {
        timeout: 10_000,
        headers: h,
      },
    );
    return codec.decode(reply.data);
  };
  const count = async (subject: string, outcome: string) =>
    sampleValue((await metrics.render()).body, 'rpc_server_duration_seconds_count', { subject, outcome });
  const handled = (subject: string) =>
    logs.records().filter((r) => r.event === 'rpc_handled' && r.subject === subject);

  it('answers, times and logs a request in its caller’s trace and request context', async () => {
    const actor = { user_id: 'u-1', role: 'customer', session_id: 's-1', aal: 'aal1' };
    await expect(
      call(
        'ok',
        { n: 21 },
        {
          traceparent: `00-${TRACE}-00f067aa0ba902b7-01`,
          'x-request-id': 'req-ok',
          'x-actor': JSON.stringify(actor),
        },
      ),
    ).resolves.toEqual({ id: 'r1', response: { twice: 42 }, isDisposed: true });
    expect(await count('ok', 'ok')).toBe(1);
    const [line] = handled('ok');
    expect(line).toMatchObject({ outcome: 'ok', request_id: 'req-ok', trace_id: TRACE, user_id: 'u-1' });
    const span = spans.getFinishedSpans().find((s) => s.name === 'nats ok')!;
    expect(span.kind).toBe(SpanKind.SERVER);
    expect(span.spanContext().traceId).toBe(TRACE);
    expect(span.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
  });

  it('sends a handler’s SerializedJson answer as the bytes the value itself would have been sent as', async () => {
    const raw = async (subject: string) =>
      Buffer.from(
        (
          await nc.request(`${prefix}${subject}`, codec.encode({ pattern: subject, data: {}, id: 'r2' }), {
            timeout: 10_000,
          })
        ).data,
      );

    const asJson = await raw('page-as-json');

    expect(asJson.equals(await raw('page'))).toBe(true);
    expect(asJson.toString()).toBe(JSON.stringify({ response: PAGE, isDisposed: true, id: 'r2' }));
    expect(await count('page-as-json', 'ok')).toBe(1);
  });

  it('records a handler’s AppError by its code and anything else as `error`, on the span too', async () => {
    await expect(call('refused', {})).resolves.toMatchObject({ err: { code: 'NF_RESOURCE', status: 404 } });
    await expect(call('broken', {})).resolves.toMatchObject({ err: { code: 'SYS_INTERNAL' } });
    expect(await count('refused', 'NF_RESOURCE')).toBe(1);
    expect(await count('broken', 'error')).toBe(1);
    expect(handled('refused')[0]).toMatchObject({ outcome: 'NF_RESOURCE' });
    expect(handled('broken')[0]).toMatchObject({ outcome: 'error' });
    const refused = spans.getFinishedSpans().find((s) => s.name === 'nats refused')!;
    expect(refused.status).toEqual({ code: SpanStatusCode.ERROR, message: 'No probe with this id.' });
    expect(refused.events.map((e) => e.name)).toEqual(['exception']);
  });

  it('refuses, without running it, a request that arrives after its caller’s deadline', async () => {
    await expect(call('ok', { n: 1 }, { 'x-deadline': String(Date.now() - 1) })).resolves.toMatchObject({
      err: { code: 'SYS_UPSTREAM_TIMEOUT' },
    });
    expect(await count('ok', 'SYS_UPSTREAM_TIMEOUT')).toBe(1);
  });

  it('on close, still answers a request whose handler is running (SIGTERM drops nothing)', async () => {
    const reply = nc.request(`${prefix}slow`, codec.encode({ pattern: 'slow', data: {}, id: 'r1' }), {
      timeout: 10_000,
    });
    await new Promise((r) => setTimeout(r, 150)); // the handler has started

    await sut.close();

    expect(codec.decode((await reply).data)).toMatchObject({ response: { done: true } });
    expect(await count('slow', 'ok')).toBe(1);
  });
});
