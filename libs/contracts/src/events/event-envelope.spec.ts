import {
  EVENT_SUBJECT_PATTERN,
  EventEnvelope,
  eventEnvelopeProblems,
  isEventEnvelope,
} from './event-envelope';

function anEnvelope(overrides: Partial<Record<keyof EventEnvelope, unknown>> = {}): Record<string, unknown> {
  return {
    id: '01920000-0000-7000-8000-000000000001',
    type: 'evt.auth.user.registered.v1',
    occurred_at: '2025-03-30T01:30:00.000Z',
    producer: 'auth-audit',
    actor: { user_id: '01920000-0000-7000-8000-0000000000aa', role: 'customer' },
    request_id: 'req-1',
    traceparent: null,
    data: { user_id: 'u1' },
    ...overrides,
  };
}

describe('EVENT_SUBJECT_PATTERN', () => {
  it.each(['evt.auth.user.registered.v1', 'evt.scheduling.assignment.schedule_proposed.v12'])(
    'accepts %s',
    (type) => {
      expect(EVENT_SUBJECT_PATTERN.test(type)).toBe(true);
    },
  );

  it.each([
    'auth.user.registered.v1',
    'evt.auth.user.registered',
    'evt.auth.user.v1',
    'evt.Auth.user.registered.v1',
    'evt.auth.user.registered.v1.extra',
    'evt.auth.user.registered.v1 ',
    'evt.auth.*.registered.v1',
    'evt.auth.user-account.registered.v1',
  ])('rejects %s', (type) => {
    expect(EVENT_SUBJECT_PATTERN.test(type)).toBe(false);
  });
});

describe('eventEnvelopeProblems', () => {
  it('accepts a complete envelope', () => {
    const sut = anEnvelope();

    expect(eventEnvelopeProblems(sut)).toEqual([]);
    expect(isEventEnvelope(sut)).toBe(true);
  });

  it('accepts an envelope without the optional fields and with null data', () => {
    const { actor: _a, request_id: _r, traceparent: _t, ...sut } = anEnvelope({ data: null });

    expect(eventEnvelopeProblems(sut)).toEqual([]);
  });

  it('accepts an offset timestamp', () => {
    expect(eventEnvelopeProblems(anEnvelope({ occurred_at: '2025-10-26T02:30:00+01:00' }))).toEqual([]);
  });

  it.each([null, 'text', 42, []])('rejects a non-object %p', (value) => {
    expect(eventEnvelopeProblems(value)).toEqual(['envelope must be an object']);
  });

  it.each([
    ['id', { id: 'not-a-uuid' }, 'id must be a UUID'],
    ['type', { type: 'evt.auth.user' }, 'type must match evt.<context>.<aggregate>.<event>.v<n>'],
    [
      'occurred_at without offset',
      { occurred_at: '2025-03-30T01:30:00' },
      'occurred_at must be an ISO 8601 timestamp with offset',
    ],
    [
      'occurred_at impossible',
      { occurred_at: '2025-13-45T01:30:00Z' },
      'occurred_at must be an ISO 8601 timestamp with offset',
    ],
    ['producer', { producer: '' }, 'producer must be a non-empty string'],
    ['actor', { actor: { user_id: 1 } }, 'actor must be null or {user_id, role}'],
    ['request_id', { request_id: 5 }, 'request_id must be a string or null'],
    ['data', { data: undefined }, 'data is required'],
  ])('names a bad %s', (_name, overrides, problem) => {
    const sut = anEnvelope(overrides as Partial<Record<keyof EventEnvelope, unknown>>);

    expect(eventEnvelopeProblems(sut)).toEqual([problem]);
    expect(isEventEnvelope(sut)).toBe(false);
  });

  it('names every problem at once', () => {
    expect(eventEnvelopeProblems({ data: 1 })).toHaveLength(4);
  });
});
