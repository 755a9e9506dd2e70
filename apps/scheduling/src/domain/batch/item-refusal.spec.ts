import { decideRefusal, isWindowConflict } from './item-refusal';

describe(decideRefusal.name, () => {
  const sut = decideRefusal;

  it('fail: stops the batch at the first refusal, conflict or not', () => {
    expect(sut('fail', 'CF_PRACTITIONER_BUSY', true)).toEqual({ item: 'skipped', batch: 'stop' });
    expect(sut('fail', 'NF_RESOURCE', true)).toEqual({ item: 'failed', batch: 'stop' });
  });

  it('skip: records a conflict as skipped and any other refusal as failed, and goes on', () => {
    expect(sut('skip', 'CF_ROOM_BUSY', true)).toEqual({ item: 'skipped', batch: 'continue' });
    expect(sut('skip', 'BR_INVALID_STATE_TRANSITION', true)).toEqual({ item: 'failed', batch: 'continue' });
  });

  it('next_available: a conflict tries the next free window while one is left', () => {
    expect(sut('next_available', 'CF_RESOURCE_BUSY', true)).toEqual({ item: 'retry_next_available' });
    expect(sut('next_available', 'CF_RESOURCE_BUSY', false)).toEqual({ item: 'skipped', batch: 'continue' });
  });

  it('next_available: another window does not help an item that is wrong in itself', () => {
    expect(sut('next_available', 'NF_RESOURCE', true)).toEqual({ item: 'failed', batch: 'continue' });
  });
});

describe(isWindowConflict.name, () => {
  it.each([
    'CF_PRACTITIONER_BUSY',
    'CF_ROOM_BUSY',
    'CF_RESOURCE_BUSY',
    'BR_OUTSIDE_WORKING_HOURS',
    'BR_RESOURCE_TIME_OFF',
  ])('%s is a window conflict', (code) => expect(isWindowConflict(code)).toBe(true));

  it.each(['BR_WINDOW_IN_PAST', 'CF_CONFLICT', 'NF_RESOURCE', 'CF_SCHEDULE_VERSION'])('%s is not', (code) =>
    expect(isWindowConflict(code)).toBe(false),
  );
});
