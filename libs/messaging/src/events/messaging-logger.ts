/** The slice of a pino logger the outbox and inbox need; apps pass their own logger. */
export interface MessagingLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Used when no logger is given: problems still reach stderr, routine progress stays quiet. */
export const fallbackMessagingLogger: MessagingLogger = {
  info: () => undefined,
  warn: (obj, msg) => console.warn(JSON.stringify({ level: 'warn', msg, ...obj })),
  error: (obj, msg) => console.error(JSON.stringify({ level: 'error', msg, ...obj })),
};

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
