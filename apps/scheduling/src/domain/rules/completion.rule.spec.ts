import { checkCompletion, CompletionRequest, EarlyCompletionForbiddenError } from './completion.rule';

const START = new Date('2026-06-01T09:00:00Z');
const request = (overrides: Partial<CompletionRequest> = {}): CompletionRequest => ({
  scheduledStart: START,
  now: new Date(START.getTime() + 60_000),
  byAdmin: false,
  ...overrides,
});
const before = new Date(START.getTime() - 60_000);

describe(checkCompletion.name, () => {
  const sut = checkCompletion;

  it('completes a visit that has started', () => {
    expect(sut(request())).toEqual({ early: false });
    expect(sut(request({ now: START }))).toEqual({ early: false });
  });

  it('refuses a visit that has not started with BR_VISIT_NOT_STARTED and its start', () => {
    expect(() => sut(request({ now: before }))).toThrow(
      expect.objectContaining({
        code: 'BR_VISIT_NOT_STARTED',
        details: { scheduled_start: START.toISOString() },
        message: expect.stringContaining('once it has started'),
      }),
    );
  });

  it('tells an admin how to override, and lets them with a reason', () => {
    expect(() => sut(request({ now: before, byAdmin: true }))).toThrow(
      expect.objectContaining({
        code: 'BR_VISIT_NOT_STARTED',
        message: expect.stringContaining('override_reason'),
      }),
    );
    expect(sut(request({ now: before, byAdmin: true, overrideReason: 'moved by phone' }))).toEqual({
      early: true,
    });
  });

  it('takes an override reason from admins only', () => {
    expect(() => sut(request({ now: before, overrideReason: 'trust me' }))).toThrow(
      EarlyCompletionForbiddenError,
    );
  });

  it('has nothing to check before a window is agreed (the state machine refuses that move)', () => {
    expect(sut(request({ scheduledStart: null, now: before }))).toEqual({ early: false });
  });
});
