/* Test-only: the behaviour every IdempotencyStore must give the interceptor, run per store. */
import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { SideEffects, createIdempotencyTestApp } from './idempotency.fixture';
import { IdempotencyOptions } from './idempotency.options';
import { DoneRecord, IdempotencyStore } from './idempotency.store';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function idempotencyScenarios(optionsFor: () => IdempotencyOptions): void {
  let app: INestApplication;
  let effects: SideEffects;

  const start = async (overrides: Partial<IdempotencyOptions> = {}) => {
    ({ app, effects } = await createIdempotencyTestApp({ ...optionsFor(), ...overrides }));
  };
  const post = (path: string, key?: string, body: object = { service: 'cleaning', minutes: 60 }) => {
    const req = request(app.getHttpServer()).post(path).send(body);
    return key === undefined ? req : req.set('Idempotency-Key', key);
  };

  afterEach(async () => {
    await app?.close();
  });

  it('replays the stored answer for a retry without running the handler again', async () => {
    await start();
    const key = randomUUID();

    const first = await post('/t/jobs', key).expect(201);
    const retry = await post('/t/jobs', key).expect(201);

    expect(effects.calls).toBe(1);
    expect(first.headers['idempotency-replayed']).toBeUndefined();
    expect(retry.headers['idempotency-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(retry.body).toMatchObject({ id: 'job-1', key });
    expect(retry.headers['location']).toBe('/v1/jobs/job-1');
    expect(retry.headers['content-type']).toMatch(/^application\/json/);
  });

  it('treats bodies that differ only in key order as the same request', async () => {
    await start();
    const key = randomUUID();

    await post('/t/jobs', key, { a: 1, nested: { x: 1, y: [1, 2] } }).expect(201);
    const retry = await post('/t/jobs', key, { nested: { y: [1, 2], x: 1 }, a: 1 }).expect(201);

    expect(retry.headers['idempotency-replayed']).toBe('true');
    expect(effects.calls).toBe(1);
  });

  it('runs every request when no key is sent', async () => {
    await start();

    await post('/t/jobs').expect(201);
    const second = await post('/t/jobs').expect(201);

    expect(effects.calls).toBe(2);
    expect(second.headers['idempotency-replayed']).toBeUndefined();
    expect(second.body.key).toBeNull();
  });

  it('ignores the key on routes without @Idempotent()', async () => {
    await start();
    const key = randomUUID();

    await post('/t/plain', key).expect(201);
    await post('/t/plain', key).expect(201);

    expect(effects.calls).toBe(2);
  });

  it.each([
    ['too long', 'k'.repeat(256)],
    ['non-ASCII', 'clé-été'],
    ['a control character', 'abc\tdef'],
  ])('rejects a key that is %s with 400 VAL_FAILED naming the header', async (_label, key) => {
    await start();

    const res = await request(app.getHttpServer())
      .post('/t/jobs')
      .set('Idempotency-Key', Buffer.from(key, 'utf8').toString('latin1'))
      .send({})
      .expect(400);

    expect(res.body.code).toBe('VAL_FAILED');
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
    expect(effects.calls).toBe(0);
  });

  it('rejects a key sent twice', async () => {
    await start();

    const res = await request(app.getHttpServer())
      .post('/t/jobs')
      .set('Idempotency-Key', ['a', 'b'] as unknown as string) // superagent sends an array as two header lines
      .send({})
      .expect(400);

    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
  });

  it('answers 422 VAL_IDEMPOTENCY_KEY_REUSED for the same key with another body or route', async () => {
    await start();
    const key = randomUUID();
    await post('/t/jobs', key, { minutes: 60 }).expect(201);

    const otherBody = await post('/t/jobs', key, { minutes: 90 }).expect(422);
    const otherRoute = await post('/t/slow', key, { minutes: 60 }).expect(422);

    expect(otherBody.body.code).toBe('VAL_IDEMPOTENCY_KEY_REUSED');
    expect(otherRoute.body.code).toBe('VAL_IDEMPOTENCY_KEY_REUSED');
    expect(effects.calls).toBe(1);
  });

  it('answers 409 CF_IDEMPOTENCY_IN_FLIGHT while the first request still runs, then replays it', async () => {
    await start();
    const key = randomUUID();
    let open!: () => void;
    effects.gate = new Promise((resolve) => (open = resolve));
    const entered = new Promise<void>((resolve) => (effects.entered = resolve));

    const first = post('/t/slow', key).then((res) => res);
    await entered;
    const concurrent = await post('/t/slow', key).expect(409);
    open();
    const firstRes = await first;
    const retry = await post('/t/slow', key).expect(201);

    expect(concurrent.body.code).toBe('CF_IDEMPOTENCY_IN_FLIGHT');
    expect(firstRes.status).toBe(201);
    expect(retry.body).toEqual(firstRes.body);
    expect(retry.headers['idempotency-replayed']).toBe('true');
    expect(effects.calls).toBe(1);
  });

  it('stores a 4xx business error and replays it', async () => {
    await start();
    const key = randomUUID();

    const first = await post('/t/conflict', key).expect(409);
    const retry = await post('/t/conflict', key).expect(409);

    expect(effects.calls).toBe(1);
    expect(retry.body).toMatchObject({ code: 'CF_CONFLICT', message: first.body.message });
    expect(retry.headers['idempotency-replayed']).toBe('true');
  });

  it('releases the key after a 5xx so the client can retry', async () => {
    await start();
    const key = randomUUID();

    await post('/t/timeout', key).expect(504);
    const retry = await post('/t/timeout', key).expect(504);

    expect(effects.calls).toBe(2);
    expect(retry.headers['idempotency-replayed']).toBeUndefined();
  });

  it('releases the key after a validation failure so a corrected body may reuse it', async () => {
    await start();
    const key = randomUUID();

    await post('/t/invalid', key).expect(400);
    await post('/t/invalid', key).expect(400);
    expect(effects.calls).toBe(2);
  });

  it('forgets a finished request once its retention has passed', async () => {
    await start({ retentionSeconds: 0.2 });
    const key = randomUUID();
    await post('/t/jobs', key).expect(201);

    await sleep(400);
    const later = await post('/t/jobs', key).expect(201);

    expect(effects.calls).toBe(2);
    expect(later.headers['idempotency-replayed']).toBeUndefined();
    expect(later.body.id).toBe('job-2');
  });

  it('scopes keys per user: the same key from two users runs twice and never crosses over', async () => {
    await start();
    const key = randomUUID();

    const alice = await post('/t/jobs', key).set('x-test-user', 'alice').expect(201);
    const bob = await post('/t/jobs', key).set('x-test-user', 'bob').expect(201);
    const aliceRetry = await post('/t/jobs', key).set('x-test-user', 'alice').expect(201);

    expect(effects.calls).toBe(2);
    expect(bob.headers['idempotency-replayed']).toBeUndefined();
    expect(bob.body.id).not.toBe(alice.body.id);
    expect(aliceRetry.body.id).toBe(alice.body.id);
  });
}

/** The atomic claim/complete/release contract of an IdempotencyStore, run per implementation. */
export function idempotencyStoreContract(
  storeFor: () => { store: IdempotencyStore; key: () => string },
): void {
  const done = (fingerprint: string, body: unknown): DoneRecord => ({
    state: 'done',
    fingerprint,
    status: 201,
    headers: { location: '/x' },
    body,
  });

  it('lets exactly one caller claim a key and shows the claim to the others', async () => {
    const { store, key } = storeFor();
    const k = key();

    const results = await Promise.all([1, 2, 3].map(() => store.acquire(k, 'fp', 5_000)));

    expect(results.filter((r) => r.acquired)).toHaveLength(1);
    for (const r of results.filter((r) => !r.acquired)) {
      expect(r).toMatchObject({ acquired: false, record: { state: 'in_flight', fingerprint: 'fp' } });
    }
  });

  it('completes only with the lock that holds the key', async () => {
    const { store, key } = storeFor();
    const k = key();
    const claim = await store.acquire(k, 'fp', 5_000);
    if (!claim.acquired) throw new Error('expected a claim');

    expect(await store.complete(k, 'not-the-lock', done('fp', 'forged'), 5_000)).toBe(false);
    expect(await store.complete(k, claim.lock, done('fp', { id: 1 }), 5_000)).toBe(true);
    expect(await store.acquire(k, 'fp', 5_000)).toEqual({ acquired: false, record: done('fp', { id: 1 }) });
    expect(await store.complete(k, claim.lock, done('fp', 'again'), 5_000)).toBe(false);
  });

  it('releases only with the lock that holds the key', async () => {
    const { store, key } = storeFor();
    const k = key();
    const claim = await store.acquire(k, 'fp', 5_000);
    if (!claim.acquired) throw new Error('expected a claim');

    await store.release(k, 'not-the-lock');
    expect((await store.acquire(k, 'fp', 5_000)).acquired).toBe(false);
    await store.release(k, claim.lock);
    expect((await store.acquire(k, 'fp', 5_000)).acquired).toBe(true);
  });

  it('lets a claim lapse after its TTL so a crashed request does not block the key for good', async () => {
    const { store, key } = storeFor();
    const k = key();
    const first = await store.acquire(k, 'fp', 100);
    if (!first.acquired) throw new Error('expected a claim');

    await sleep(250);
    const second = await store.acquire(k, 'fp', 5_000);

    expect(second.acquired).toBe(true);
    expect(await store.complete(k, first.lock, done('fp', 'late'), 5_000)).toBe(false);
  });
}
