import { createLogger } from '@slotline/observability';
import type { DestinationStream, Logger } from 'pino';

/** A pino destination that keeps every line, so tests can read exactly what an app logged. */
export class LogCapture implements DestinationStream {
  readonly lines: string[] = [];

  write(line: string): void {
    this.lines.push(line);
  }

  records(): Array<Record<string, unknown>> {
    return this.lines
      .flatMap((l) => l.split('\n').filter(Boolean))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  text(): string {
    return this.lines.join('');
  }
}

/** A logger as the apps build it, writing into a capture a test can read. */
export function capturedLogger(service: string): { logger: Logger; logs: LogCapture } {
  const logs = new LogCapture();
  return { logger: createLogger({ service, level: 'info', destination: logs }), logs };
}
