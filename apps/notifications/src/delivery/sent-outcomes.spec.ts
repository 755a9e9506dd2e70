import { AttemptRecord } from '../notify/notification.record';
import { SentOutcomes } from './sent-outcomes';

const anAttempt = (notificationId: string): AttemptRecord => ({
  notificationId,
  attempt: 1,
  status: 'sent',
  response: '250 OK',
  error: null,
  startedAt: new Date('2026-03-30T07:00:00Z'),
  finishedAt: new Date('2026-03-30T07:00:01Z'),
});

describe(SentOutcomes.name, () => {
  it('writes the successes of one turn together, and a later one in a write of its own', async () => {
    const writes: string[][] = [];
    const sut = new SentOutcomes(async (attempts) => {
      writes.push(attempts.map((a) => a.notificationId));
    });

    await Promise.all([sut.record(anAttempt('a')), sut.record(anAttempt('b')), sut.record(anAttempt('c'))]);
    await sut.record(anAttempt('d'));

    expect(writes).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('fails every caller of a write that fails, and writes the next group afresh', async () => {
    let fail = true;
    const written: string[] = [];
    const sut = new SentOutcomes(async (attempts) => {
      if (fail) throw new Error('connection lost');
      written.push(...attempts.map((a) => a.notificationId));
    });

    const outcomes = await Promise.allSettled([sut.record(anAttempt('a')), sut.record(anAttempt('b'))]);
    fail = false;
    await sut.record(anAttempt('c'));

    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(written).toEqual(['c']);
  });
});
