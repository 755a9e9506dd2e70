import { pollUntil } from './poll';

describe(pollUntil.name, () => {
  it('returns the first value that passes, probing again meanwhile', async () => {
    let n = 0;
    expect(await pollUntil('n to reach 3', () => ++n >= 3 && n, { intervalMs: 1 })).toBe(3);
    const items = await pollUntil('five items', async () => Array.from({ length: n++ }), {
      until: (a) => a.length >= 5,
      intervalMs: 1,
    });
    expect(items).toHaveLength(5);
  });

  it('names what it awaited and the last value seen when it times out', async () => {
    await expect(
      pollUntil('the payout row', async () => ({ status: 'pending' }), {
        until: (row) => row.status === 'captured',
        timeoutMs: 20,
        intervalMs: 5,
      }),
    ).rejects.toThrow("timed out after 20 ms waiting for the payout row; last value: { status: 'pending' }");
    await expect(pollUntil('a mail', () => undefined, { timeoutMs: 0 })).rejects.toThrow(
      'timed out after 0 ms waiting for a mail; last value: undefined',
    );
  });

  it('fails at once on a probe error, unless told to retry; then the timeout names the last error', async () => {
    const refused = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:3001'));
    await expect(pollUntil('readiness', refused, { timeoutMs: 60_000 })).rejects.toThrow(
      'connect ECONNREFUSED 127.0.0.1:3001',
    );
    await expect(
      pollUntil('readiness', refused, { timeoutMs: 20, intervalMs: 5, retryErrors: true }),
    ).rejects.toThrow(
      'timed out after 20 ms waiting for readiness; last error: connect ECONNREFUSED 127.0.0.1:3001',
    );
    let calls = 0;
    const flaky = async () => {
      calls += 1;
      if (calls < 3) throw new Error('not yet');
      return 'ready';
    };
    expect(await pollUntil('readiness', flaky, { retryErrors: true, intervalMs: 1 })).toBe('ready');
  });
});
