import {
  context,
  isSpanContextValid,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type Tracer,
  ROOT_CONTEXT,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

export interface TracingOptions {
  serviceName: string;
  /** OTLP/HTTP base endpoint (`OTEL_EXPORTER_OTLP_ENDPOINT`, e.g. `http://collector:4318`); no exporter without it. */
  otlpEndpoint?: string;
  /** Extra processors, e.g. `SimpleSpanProcessor(new InMemorySpanExporter())` in tests. */
  spanProcessors?: SpanProcessor[];
}

export interface TracingHandle {
  /** Flushes and unregisters once every `initTracing` caller of this process has shut down. */
  shutdown(): Promise<void>;
  forceFlush(): Promise<void>;
}

export interface TraceIds {
  trace_id: string;
  span_id: string;
}

interface TracingState {
  handle: TracingHandle;
  users: number;
  /** The tracer, got once: `trace.getTracer` looks it up through the global proxy on every call. */
  tracer: Tracer;
}

const TRACER_NAME = 'slotline';
// On globalThis, like @opentelemetry/api's own registration, so a re-required module still sees it.
const STATE_KEY = Symbol.for('slotline.observability.tracing');
type GlobalWithTracing = typeof globalThis & { [STATE_KEY]?: TracingState };
const globalState = globalThis as GlobalWithTracing;

/**
 * Registers the tracer provider, the async-hooks context manager and the W3C propagator, always, so
 * trace ids exist (for logs and error bodies) even when nothing is exported. Several apps may start in
 * one process (tests): later calls get the first call's handle and its settings.
 */
export function initTracing(opts: TracingOptions): TracingHandle {
  const existing = globalState[STATE_KEY];
  if (existing) {
    existing.users += 1;
    return existing.handle;
  }

  const exporter = opts.otlpEndpoint
    ? new OTLPTraceExporter({ url: tracesUrl(opts.otlpEndpoint) })
    : undefined;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: opts.serviceName }),
    spanProcessors: [...(exporter ? [new BatchSpanProcessor(exporter)] : []), ...(opts.spanProcessors ?? [])],
  });
  provider.register({
    contextManager: new AsyncLocalStorageContextManager(),
    propagator: new W3CTraceContextPropagator(),
  });

  const state: TracingState = {
    users: 1,
    // The global provider's tracer (ours, unless another was registered first), as every span used to ask.
    tracer: trace.getTracer(TRACER_NAME),
    handle: {
      forceFlush: () => provider.forceFlush(),
      shutdown: async () => {
        state.users -= 1;
        if (state.users > 0) return;
        delete globalState[STATE_KEY];
        await provider.shutdown();
        trace.disable();
        context.disable();
        propagation.disable();
      },
    },
  };
  globalState[STATE_KEY] = state;
  return state.handle;
}

function tracesUrl(endpoint: string): string {
  const base = endpoint.replace(/\/+$/, '');
  return base.endsWith('/v1/traces') ? base : `${base}/v1/traces`;
}

function tracer(): Tracer {
  return globalState[STATE_KEY]?.tracer ?? trace.getTracer(TRACER_NAME);
}

async function runInSpan<T>(span: Span, fn: (span: Span) => Promise<T>): Promise<T> {
  try {
    return await fn(span);
  } catch (err) {
    span.recordException(err instanceof Error ? err : String(err));
    span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
    throw err;
  } finally {
    span.end();
  }
}

/** Runs `fn` inside a new active child span of the current one; errors are recorded and rethrown. */
export function withSpan<T>(
  name: string,
  fn: (span: Span) => Promise<T>,
  attributes?: Attributes,
  kind: SpanKind = SpanKind.INTERNAL,
): Promise<T> {
  return tracer().startActiveSpan(name, { kind, attributes }, (span) => runInSpan(span, fn));
}

/**
 * Runs `fn` in a new active span whose parent comes from `carrier` (HTTP or NATS headers holding
 * `traceparent`); without one the span starts a new trace.
 */
export function startServerSpan<T>(
  name: string,
  carrier: Record<string, string | string[] | undefined>,
  kind: SpanKind,
  fn: (span: Span) => Promise<T>,
  attributes?: Attributes,
): Promise<T> {
  // An entry point never inherits whatever context the listener was registered in.
  const parent = extractContext(carrier, ROOT_CONTEXT);
  return tracer().startActiveSpan(name, { kind, attributes }, parent, (span) => runInSpan(span, fn));
}

/** Writes `traceparent` (and `tracestate`) of the active context into `carrier`, e.g. NATS headers. */
export function injectTraceparent(
  carrier: Record<string, string>,
  ctx: Context = context.active(),
): Record<string, string> {
  propagation.inject(ctx, carrier);
  return carrier;
}

/** The context described by `carrier`'s `traceparent`, on top of `base` (the active context by default). */
export function extractContext(
  carrier: Record<string, string | string[] | undefined>,
  base: Context = context.active(),
): Context {
  return propagation.extract(base, carrier);
}

export function currentTraceIds(): TraceIds | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return undefined;
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}
