import { InvalidStateTransitionError } from '../errors/scheduling-domain.errors';
import {
  assertTransition,
  AssignmentStatus,
  canTransition,
  isTerminal,
  JobStatus,
  TRANSITIONS,
} from './state-transitions';

describe(assertTransition.name, () => {
  const sut = assertTransition;

  it.each<[JobStatus, JobStatus]>([
    ['open', 'assigned'],
    ['open', 'cancelled'],
    ['assigned', 'open'],
    ['assigned', 'completed'],
    ['assigned', 'cancelled'],
  ])('lets a job go from %s to %s', (from, to) => {
    expect(() => sut('job', from, to)).not.toThrow();
  });

  it.each<[AssignmentStatus, AssignmentStatus]>([
    ['awaiting_schedule', 'scheduled'],
    ['awaiting_schedule', 'rejected'],
    ['awaiting_schedule', 'cancelled'],
    ['scheduled', 'completed'],
    ['scheduled', 'rejected'],
    ['scheduled', 'cancelled'],
  ])('lets an assignment go from %s to %s', (from, to) => {
    expect(() => sut('assignment', from, to)).not.toThrow();
  });

  it('refuses every other move with BR_INVALID_STATE_TRANSITION', () => {
    const refused: string[] = [];
    for (const kind of ['job', 'assignment'] as const) {
      const statuses = Object.keys(TRANSITIONS[kind]) as never[];
      for (const from of statuses) {
        for (const to of statuses) {
          if (!canTransition(kind, from, to)) {
            expect(() => sut(kind, from, to)).toThrow(InvalidStateTransitionError);
            refused.push(`${kind}:${from}->${to}`);
          }
        }
      }
    }
    expect(refused).toEqual(
      expect.arrayContaining([
        'job:completed->open',
        'assignment:awaiting_schedule->completed',
        'assignment:rejected->scheduled',
      ]),
    );
    expect(refused).toHaveLength(4 * 4 - 5 + 5 * 5 - 6);
  });

  it('names the move in the error', () => {
    expect(() => sut('assignment', 'completed', 'scheduled')).toThrow(
      expect.objectContaining({
        code: 'BR_INVALID_STATE_TRANSITION',
        details: { kind: 'assignment', from: 'completed', to: 'scheduled' },
      }),
    );
  });

  it.each([
    ['assignment', 'An assignment cannot go from completed to scheduled'],
    ['job', 'A job cannot go from completed to scheduled'],
  ] as const)('says "%s" with the right article', (kind, message) => {
    expect(() => sut(kind, 'completed' as never, 'scheduled' as never)).toThrow(message);
  });

  it('refuses a status it does not know (say, from a bad row)', () => {
    expect(canTransition('job', 'archived' as JobStatus, 'open')).toBe(false);
  });
});

describe(isTerminal.name, () => {
  it('marks completed, cancelled and rejected as final', () => {
    const sut = isTerminal;
    expect(['open', 'assigned', 'completed', 'cancelled'].map((s) => sut('job', s as JobStatus))).toEqual([
      false,
      false,
      true,
      true,
    ]);
    expect(sut('assignment', 'rejected')).toBe(true);
    expect(sut('assignment', 'scheduled')).toBe(false);
  });
});
