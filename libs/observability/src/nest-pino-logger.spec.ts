import type pino from 'pino';
import { createLogger } from './logger';
import { NestPinoLogger } from './nest-pino-logger';

describe(NestPinoLogger.name, () => {
  function setup() {
    const lines: string[] = [];
    const destination: pino.DestinationStream = { write: (line: string) => void lines.push(line) };
    const sut = new NestPinoLogger(createLogger({ service: 'gateway', level: 'trace', destination }));
    return { sut, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
  }

  it('maps Nest levels to pino labels and the context argument to `context`', () => {
    const { sut, records } = setup();

    sut.log('Nest application successfully started', 'NestApplication');
    sut.warn('slow', 'Scheduler');
    sut.debug('detail', 'Db');
    sut.verbose('chatty', 'Db');

    expect(records()).toEqual([
      expect.objectContaining({
        level: 'info',
        context: 'NestApplication',
        msg: 'Nest application successfully started',
      }),
      expect.objectContaining({ level: 'warn', context: 'Scheduler', msg: 'slow' }),
      expect.objectContaining({ level: 'debug', context: 'Db', msg: 'detail' }),
      expect.objectContaining({ level: 'trace', context: 'Db', msg: 'chatty' }),
    ]);
  });

  it('keeps the stack and context of errors as Nest passes them', () => {
    const { sut, records } = setup();
    const stack = 'Error: boom\n    at handler (/app/main.js:10:5)';

    sut.error('boom', stack, 'ExceptionsHandler');
    sut.error('lonely stack', stack);
    sut.error(new Error('thrown'), undefined, 'RouterExplorer');

    const [withContext, stackOnly, fromError] = records();
    expect(withContext).toMatchObject({ level: 'error', msg: 'boom', stack, context: 'ExceptionsHandler' });
    expect(stackOnly).toMatchObject({ msg: 'lonely stack', stack });
    expect(stackOnly).not.toHaveProperty('context');
    expect(fromError).toMatchObject({
      msg: 'thrown',
      context: 'RouterExplorer',
      err: { message: 'thrown', type: 'Error' },
    });
  });

  it('applies the log levels Nest is given', () => {
    const { sut, records } = setup();

    sut.setLogLevels(['error', 'warn']);
    sut.log('hidden', 'Ctx');
    sut.warn('shown', 'Ctx');

    expect(records().map((r) => r.msg)).toEqual(['shown']);
  });
});
