import pino from 'pino';
import { censor, REDACT_PATHS, scrubDeep, scrubString } from './redaction';
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
 * context and trace_id/span_id from the active span. Secrets are removed twice: by pino `redact`
 * paths, then by a scrubber that walks every logged object (see docs/observability/logging.md).
 */
export function createLogger(opts: CreateLoggerOptions): pino.Logger {
  const options: pino.LoggerOptions = {
    level: opts.level ?? 'info',
    base: { service: opts.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: [...REDACT_PATHS], censor },
    formatters: {
      level: (label) => ({ level: label }),
      bindings: (bindings) => scrubDeep(bindings) as pino.Bindings,
      log: (obj) => scrubDeep(obj) as Record<string, unknown>,
    },
    serializers: {
      err: (err: Error) => scrubDeep(pino.stdSerializers.err(err)),
    },
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((arg: unknown) => (typeof arg === 'string' ? scrubString(arg) : arg));
        return method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
    mixin: contextFields,
  };
  return opts.destination ? pino(options, opts.destination) : pino(options);
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
