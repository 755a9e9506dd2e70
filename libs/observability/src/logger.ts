import pino from 'pino';
import { redactField, redactFields, redactInterpolated } from './path-redaction';
import { scrubDeep, scrubString } from './redaction';
import { getRequestContext } from './request-context';
import { currentTraceIds } from './tracing';

export interface CreateLoggerOptions {
  service: string;
  level?: string;
  /** Where the JSON lines go; stdout when omitted. */
  destination?: pino.DestinationStream;
}

/** Named events (`event` field) the dashboards and audits rely on; free strings are allowed too. */
export type LogEventName =
  | 'startup'
  | 'shutdown'
  | 'rbac_deny'
  | 'booking_created'
  | 'booking_cancelled'
  | 'schedule_updated'
  | (string & {});

/**
 * JSON lines: service, level (label), time (ISO), msg, plus request_id/user_id from the request
 * context and trace_id/span_id from the active span. Secrets are removed twice: by a scrubber that
 * walks every logged object, then by the `redact` paths (pino's redactor, run only where a path can
 * still change something: path-redaction.ts). See docs/observability/logging.md.
 */
export function createLogger(opts: CreateLoggerOptions): pino.Logger {
  const options: pino.LoggerOptions = {
    level: opts.level ?? 'info',
    base: { service: opts.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      bindings: (bindings) => redacted(scrubDeep(bindings), false) as pino.Bindings,
      log: (obj) => redacted(scrubDeep(obj), true) as Record<string, unknown>,
    },
    serializers: {
      err: (err: Error) => redactField(ERROR_KEY, scrubDeep(pino.stdSerializers.err(err))),
    },
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((arg: unknown) => (typeof arg === 'string' ? scrubString(arg) : arg));
        return method.apply(this, redactInterpolated(scrubbed) as Parameters<typeof method>);
      },
    },
    mixin: contextFields,
  };
  const logger = opts.destination ? pino(options, opts.destination) : pino(options);
  // pino gives a child's bindings neither to the scrubber nor to formatters.bindings, only to the
  // redaction paths: they are redacted here, before pino sees them (children inherit this `child`).
  const pinoChild = logger.child;
  logger.child = function child(this: pino.Logger, bindings, childOptions) {
    return pinoChild.call(this, redactedBindings(bindings), childOptions);
  } as typeof logger.child;
  return logger;
}

function redactedBindings(bindings: pino.Bindings): pino.Bindings {
  if (!bindings) return bindings;
  const out: pino.Bindings = {};
  for (const key of Object.keys(bindings)) {
    const value: unknown = bindings[key];
    out[key] = value === undefined || key === ERROR_KEY ? value : redactField(key, value);
  }
  return out;
}

/** pino's `errorKey`: its serializer runs after the formatters and redacts what it returns. */
const ERROR_KEY = 'err';

function redacted(fields: unknown, isLine: boolean): unknown {
  redactFields(fields, ERROR_KEY, isLine);
  return fields;
}

function contextFields(): Record<string, string> {
  const fields: Record<string, string> = {};
  const ctx = getRequestContext();
  if (ctx?.request_id) fields.request_id = ctx.request_id;
  if (ctx?.user_id) fields.user_id = ctx.user_id;
  const ids = currentTraceIds();
  if (ids) {
    fields.trace_id = ids.trace_id;
    fields.span_id = ids.span_id;
  }
  return fields;
}

/** Logs a named event at info level: `{ ...fields, event }`, message defaulting to the event name. */
export function logEvent(logger: pino.Logger, event: LogEventName, fields: object = {}, msg?: string): void {
  logger.info({ ...fields, event }, msg ?? event);
}
