import type pino from 'pino';
import { createLogger, logEvent } from './logger';
import { runWithContext, setContextValue } from './request-context';
import { currentTraceIds, initTracing, withSpan, type TracingHandle } from './tracing';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlLXNpZw';

function captureDestination() {
  const lines: string[] = [];
  const destination: pino.DestinationStream = { write: (line: string) => void lines.push(line) };
  return {
    destination,
    raw: () => lines.join(''),
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe(createLogger.name, () => {
  let tracing: TracingHandle;

  beforeAll(() => {
    tracing = initTracing({ serviceName: 'logger-spec' });
  });

  afterAll(async () => {
    await tracing.shutdown();
  });

  function setup() {
    const capture = captureDestination();
    const sut = createLogger({ service: 'auth-audit', level: 'debug', destination: capture.destination });
    return { sut, ...capture };
  }

  it('writes JSON lines with service, level label, ISO time and msg', () => {
    const { sut, records } = setup();

    sut.info('hello');

    const [line] = records();
    expect(line).toMatchObject({ service: 'auth-audit', level: 'info', msg: 'hello' });
    expect(new Date(line.time as string).toISOString()).toBe(line.time);
  });

  it('never writes passwords, tokens, secrets, auth headers or raw emails, at any depth', () => {
    const { sut, raw, records } = setup();
    const secrets = [
      'pw-top-1',
      'pw-nested-2',
      'pw-deep-3',
      'pw-very-deep-4',
      'new-pw-5',
      'current-pw-6',
      'tok-7',
      'access-8',
      'refresh-9',
      'refresh-nested-10',
      'secret-11',
      'totp-12',
      'recovery-13',
      'Basic dXNlcjpwdw==',
      'sid=cookie-14',
      'set-cookie-15',
      'jane.doe@example.com',
      'john@example.org',
      '+33612345678',
    ];

    sut.info(
      {
        password: 'pw-top-1',
        user: { password: 'pw-nested-2', email: 'jane.doe@example.com', profile: { password: 'pw-deep-3' } },
        body: {
          new_password: 'new-pw-5',
          current_password: 'current-pw-6',
          token: 'tok-7',
          access_token: 'access-8',
          refresh_token: 'refresh-9',
          totp: 'totp-12',
          recovery_codes: ['recovery-13'],
          phone: '+33612345678',
        },
        a: {
          b: { c: { d: { password: 'pw-very-deep-4', session: { refresh_token: 'refresh-nested-10' } } } },
        },
        config: { jwtSecret: 'secret-11' },
        req: { headers: { authorization: 'Basic dXNlcjpwdw==', cookie: 'sid=cookie-14' } },
        res: { headers: { 'set-cookie': ['set-cookie-15'] } },
        invitees: ['john@example.org'],
      },
      'login attempt',
    );

    const output = raw();
    for (const secret of secrets) expect(output).not.toContain(secret);
    const [line] = records();
    expect((line.user as Record<string, unknown>).email).toBe('j***@example.com');
    expect(line.invitees).toEqual(['j***@example.org']);
    expect((line.body as Record<string, unknown>).token).toBe('[REDACTED]');
  });

  it('scrubs JWTs and bearer credentials found in any field, in the message and in errors', () => {
    const { sut, raw, records } = setup();

    sut.warn(
      { note: `upstream said ${JWT} was expired`, list: [{ header: `Bearer opaque-token-abc` }] },
      `got ${JWT}`,
    );
    sut.error({ err: new Error(`rejected Bearer ${JWT}`) }, 'call failed');

    const output = raw();
    expect(output).not.toContain(JWT);
    expect(output).not.toContain('opaque-token-abc');
    const [warn, error] = records();
    expect(warn.note).toBe('upstream said [REDACTED] was expired');
    expect(warn.msg).toBe('got [REDACTED]');
    expect((error.err as { message: string }).message).toBe('rejected [REDACTED]');
  });

  it('does not mutate the object the caller logged', () => {
    const { sut } = setup();
    const payload = { user: { password: 'keep-me', email: 'jane@example.com' } };

    sut.info(payload);

    expect(payload).toEqual({ user: { password: 'keep-me', email: 'jane@example.com' } });
  });

  it('adds request_id, user_id, trace_id and span_id from the request context and active span', async () => {
    const { sut, records } = setup();
    let ids: ReturnType<typeof currentTraceIds>;

    await runWithContext({ request_id: 'req-1' }, () =>
      withSpan('handle', async () => {
        setContextValue('user_id', 'user-42');
        ids = currentTraceIds();
        sut.info('inside');
      }),
    );
    sut.info('outside');

    const [inside, outside] = records();
    expect(ids).toBeDefined();
    expect(ids!.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(inside).toMatchObject({
      request_id: 'req-1',
      user_id: 'user-42',
      trace_id: ids!.trace_id,
      span_id: ids!.span_id,
    });
    expect(outside).not.toHaveProperty('request_id');
    expect(outside).not.toHaveProperty('trace_id');
  });

  it('logs named events through logEvent', () => {
    const { sut, records } = setup();

    logEvent(sut, 'booking_created', { booking_id: 'b-1' });

    expect(records()[0]).toMatchObject({
      event: 'booking_created',
      booking_id: 'b-1',
      msg: 'booking_created',
      level: 'info',
    });
  });
});
