import http from 'node:http';
import net from 'node:net';
import { context, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  currentTraceIds,
  extractContext,
  initTracing,
  injectTraceparent,
  startServerSpan,
  withSpan,
  type TracingHandle,
} from './tracing';

describe(initTracing.name, () => {
  let sut: TracingHandle;

  beforeAll(() => {
    sut = initTracing({ serviceName: 'tracing-spec' });
  });

  afterAll(async () => {
    await sut.shutdown();
  });

  it('returns the existing handle when called again in the same process', async () => {
    const second = initTracing({ serviceName: 'another-app', otlpEndpoint: 'http://127.0.0.1:1' });

    expect(second).toBe(sut);
    await second.shutdown(); // releases only the second caller's hold: tracing stays on
    await withSpan('still-on', async () => expect(currentTraceIds()).toBeDefined());
  });

  it('carries one trace id from an injected traceparent to startServerSpan in another context', async () => {
    const carrier: Record<string, string> = {};
    const upstream = await withSpan('gateway request', async () => {
      injectTraceparent(carrier);
      return currentTraceIds();
    });

    const downstream = await new Promise<ReturnType<typeof currentTraceIds>>((resolve, reject) => {
      setImmediate(() => {
        startServerSpan('scheduling.bookings.create', carrier, SpanKind.CONSUMER, async () =>
          currentTraceIds(),
        ).then(resolve, reject);
      });
    });

    expect(carrier.traceparent).toBe(`00-${upstream!.trace_id}-${upstream!.span_id}-01`);
    expect(downstream!.trace_id).toBe(upstream!.trace_id);
    expect(downstream!.span_id).not.toBe(upstream!.span_id);
  });

  it('continues an extracted trace in withSpan run under that context', async () => {
    const carrier = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };

    const ids = await context.with(extractContext(carrier), () =>
      withSpan('child', async () => currentTraceIds()),
    );

    expect(ids!.trace_id).toBe('0af7651916cd43dd8448eb211c80319c');
  });

  it('starts a new trace in startServerSpan when the carrier has no traceparent, even inside a span', async () => {
    const [outer, inner] = await withSpan('bootstrap', async () => [
      currentTraceIds(),
      await startServerSpan('GET /v1/health', {}, SpanKind.SERVER, async () => currentTraceIds()),
    ]);

    expect(inner!.trace_id).not.toBe(outer!.trace_id);
  });

  it('records a failure on the span, ends it and rethrows', async () => {
    let captured: ReadableSpan | undefined;

    await expect(
      withSpan('payouts.commit', async (span) => {
        captured = span as unknown as ReadableSpan;
        throw new Error('ledger locked');
      }),
    ).rejects.toThrow('ledger locked');

    expect(captured!.ended).toBe(true);
    expect(captured!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'ledger locked' });
    expect(captured!.events.map((e) => e.name)).toEqual(['exception']);
  });

  it('exports nothing and opens no connection without an OTLP endpoint', async () => {
    const connect = jest.spyOn(net.Socket.prototype, 'connect');
    const request = jest.spyOn(http, 'request');
    const exported = jest.spyOn(OTLPTraceExporter.prototype, 'export');
    try {
      await withSpan('local only', async () => undefined);
      await sut.forceFlush();

      expect(exported).not.toHaveBeenCalled();
      expect(connect).not.toHaveBeenCalled();
      expect(request).not.toHaveBeenCalled();
    } finally {
      connect.mockRestore();
      request.mockRestore();
      exported.mockRestore();
    }
  });

  it('has no trace ids outside a span', () => {
    expect(currentTraceIds()).toBeUndefined();
  });
});
