import { Nudge } from './nudge';

/** A worker whose passes take `passMs` and never overlap, as the dispatcher's and the webhook jobs' do. */
class Worker {
  passes = 0;
  private running: Promise<void> | null = null;

  constructor(private readonly passMs: number) {}

  readonly pass = (): Promise<void> =>
    (this.running ??= new Promise<void>((r) => setTimeout(r, this.passMs)).then(() => {
      this.passes++;
      this.running = null;
    }));

  readonly inPass = () => this.running;
}

describe(Nudge.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs one pass for the nudges of a burst, the delay (20 ms by default) after the first', async () => {
    const w = new Worker(5);
    const sut = new Nudge({ pass: w.pass, inPass: w.inPass });

    for (let i = 0; i < 50; i++) sut.nudge();
    await jest.advanceTimersByTimeAsync(19);
    expect(w.passes).toBe(0);
    await jest.advanceTimersByTimeAsync(1 + 5);
    expect(w.passes).toBe(1);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(w.passes).toBe(1);
  });

  it('gives a nudge that comes during a pass one more pass after it', async () => {
    const w = new Worker(100);
    const sut = new Nudge({ pass: w.pass, inPass: w.inPass, delayMs: 20 });

    void w.pass(); // a poll started it
    await jest.advanceTimersByTimeAsync(10);
    sut.nudge();
    await jest.advanceTimersByTimeAsync(90);
    expect(w.passes).toBe(1);
    // A pass of its own, right after the running one.
    await jest.advanceTimersByTimeAsync(100);
    expect(w.passes).toBe(2);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(w.passes).toBe(2);
  });

  it('starts nothing once stopped, even a pass already nudged', async () => {
    const w = new Worker(5);
    const sut = new Nudge({ pass: w.pass, inPass: w.inPass, delayMs: 20 });

    sut.nudge();
    sut.stop();
    sut.nudge();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(w.passes).toBe(0);
  });

  it('refuses a delay that is not a duration', () => {
    expect(() => new Nudge({ pass: async () => 0, inPass: () => null, delayMs: -1 })).toThrow(RangeError);
    expect(() => new Nudge({ pass: async () => 0, inPass: () => null, delayMs: NaN })).toThrow(RangeError);
  });
});
