import { Client } from 'pg';
import request from 'supertest';
import { SUPERUSER_TEST_URL } from './test-env';
import { TestPlatform } from './test-platform';

export type Http = ReturnType<typeof request>;

/** What a describe block works with: the apps, a client for the gateway and the test database as superuser. */
export interface RunningPlatform {
  platform: TestPlatform;
  http: Http;
  db: Client;
}

export async function superuserDb(): Promise<Client> {
  const db = new Client({ connectionString: SUPERUSER_TEST_URL });
  await db.connect();
  return db;
}

/** Starts a platform with `start` before the describe block's tests, hands it to `started`, and stops it after them. */
export function usePlatform(
  start: () => Promise<TestPlatform>,
  started: (running: RunningPlatform) => void,
): void {
  let platform: TestPlatform | undefined;
  let db: Client | undefined;
  beforeAll(async () => {
    platform = await start();
    db = await superuserDb();
    started({ platform, http: request(platform.url()), db });
  });
  afterAll(async () => {
    await db?.end();
    await platform?.stop();
  });
}
