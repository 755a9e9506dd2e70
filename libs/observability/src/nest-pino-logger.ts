import type { LoggerService, LogLevel } from '@nestjs/common';
import type pino from 'pino';

type PinoLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

// Nest's levels from the most to the least verbose, with pino's name for each.
const LEVELS: ReadonlyArray<[LogLevel, PinoLevel]> = [
  ['verbose', 'trace'],
  ['debug', 'debug'],
  ['log', 'info'],
  ['warn', 'warn'],
  ['error', 'error'],
  ['fatal', 'fatal'],
];

const STACK_FORMAT = /^(.)+\n\s+at .+:\d+:\d+/;

/** Nest's own logs (bootstrap, router, exceptions) as the same JSON lines; Nest's context → `context`. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: pino.Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    // Nest calls error(message, stack?, context?) — a lone string is a stack only if it looks like one.
    if (params.length === 1 && typeof params[0] === 'string' && STACK_FORMAT.test(params[0])) {
      this.write('error', message, [], params[0]);
      return;
    }
    const { context, rest } = splitContext(params);
    const last = rest[rest.length - 1];
    const stack = typeof last === 'string' ? last : undefined;
    this.write('error', message, stack === undefined ? rest : rest.slice(0, -1), stack, context);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  setLogLevels(levels: LogLevel[]): void {
    const mostVerbose = LEVELS.find(([nest]) => levels.includes(nest));
    this.logger.level = mostVerbose ? mostVerbose[1] : 'silent';
  }

  private write(level: PinoLevel, message: unknown, params: unknown[], stack?: string, ctx?: string): void {
    const { context, rest } = ctx === undefined ? splitContext(params) : { context: ctx, rest: params };
    const fields: Record<string, unknown> = {};
    if (context) fields.context = context;
    const details = rest.filter((item) => item !== undefined);
    if (details.length > 0) fields.details = details;
    if (message instanceof Error) {
      fields.err = message;
      this.logger[level](fields, message.message);
      return;
    }
    if (stack) fields.stack = stack;
    if (typeof message === 'object' && message !== null) {
      fields.detail = message;
      this.logger[level](fields);
      return;
    }
    this.logger[level](fields, String(message));
  }
}

/** Nest passes its context as the last string argument when there is more than the message. */
function splitContext(params: unknown[]): { context?: string; rest: unknown[] } {
  const last = params[params.length - 1];
  if (typeof last === 'string') return { context: last, rest: params.slice(0, -1) };
  return { rest: params };
}
