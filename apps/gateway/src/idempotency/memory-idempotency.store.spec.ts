import { randomUUID } from 'node:crypto';
import { idempotencyStoreContract } from './idempotency.scenarios';
import { MemoryIdempotencyStore } from './memory-idempotency.store';

describe(MemoryIdempotencyStore.name, () => {
  idempotencyStoreContract(() => ({ store: new MemoryIdempotencyStore(), key: () => randomUUID() }));

  it('expires records by its clock', async () => {
    let now = 1_000;
    const sut = new MemoryIdempotencyStore(() => now);
    await sut.acquire('k', 'fp', 50);

    now += 49;
    expect((await sut.acquire('k', 'fp', 50)).acquired).toBe(false);
    now += 1;
    expect((await sut.acquire('k', 'fp', 50)).acquired).toBe(true);
  });
});
