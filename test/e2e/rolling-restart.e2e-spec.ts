import { RunningApp } from '@slotline/bootstrap';
import { Client } from 'pg';
import { TestPlatform } from '../support/test-platform';
import { superuserDb } from '../support/use-platform';
import {
  Http,
  signUp,
  signUpPractitioner,
  useSchedulingPlatform,
  User,
  pendingProposal,
} from './scheduling-support';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const RATE_PER_SECOND = 25;

/**
 * OPS: a scheduling replica that is told to stop (SIGTERM) stops taking messages, answers every one it
 * already took, and only then closes NATS and its database pool; so a rolling restart of two replicas
 * under steady load fails no request.
 */
describe('draining scheduling replicas', () => {
  let platform: TestPlatform;
  let http: Http;
  let db: Client;
  let customer: User;
  let provider: User;
  let day = 50;

  useSchedulingPlatform((started) => ({ platform, http, db } = started));

  beforeAll(async () => {
    [customer, provider] = await Promise.all([
      signUp(http, db, 'customer'),
      signUpPractitioner(http, db, 'Dr Rolling'),
    ]);
  });

  const proposal = () => pendingProposal(http, { customer, provider }, day++);

  it('answers every request in flight when a replica is told to stop', async () => {
    const proposals = await Promise.all([...Array(4)].map(() => proposal()));
    // Held job rows keep the four confirms running inside the replica while it is told to stop.
    const holder = await superuserDb();
    await holder.query('BEGIN');
    await holder.query('SELECT id FROM scheduling.jobs WHERE id = ANY($1::uuid[]) FOR UPDATE', [
      proposals.map((p) => p.jobId),
    ]);
    const replies = Promise.all(
      proposals.map((p) =>
        http
          .post(`/v1/assignments/${p.assignmentId}/schedule/confirm`)
          .set(provider.auth)
          .send({ schedule_version: p.version }),
      ),
    );
    await sleep(500);
    const stopping = platform.apps.get('scheduling')!.shutdown('SIGTERM');
    await sleep(500);
    await holder.query('ROLLBACK');
    await holder.end();
    expect((await replies).map((r) => r.status)).toEqual([200, 200, 200, 200]);
    await stopping;
    platform.apps.delete('scheduling');
    await platform.startOne('scheduling');
  });

  it('fails no request in a rolling restart of two replicas under steady load', async () => {
    const { assignmentId } = await proposal();
    let other: RunningApp = await platform.startReplica('scheduling');
    const statuses: number[] = [];
    let running = true;
    const inFlight: Array<Promise<unknown>> = [];
    const load = (async () => {
      for (let i = 0; running; i++) {
        const req =
          i % 2
            ? http.get(`/v1/assignments/${assignmentId}`).set(customer.auth)
            : http.get('/v1/jobs').query({ limit: 5 }).set(customer.auth);
        inFlight.push(req.then((r) => statuses.push(r.status)));
        await sleep(1000 / RATE_PER_SECOND);
      }
    })();
    await sleep(1000);
    // Replica one: drain and stop, start its successor; then the same for replica two.
    await platform.stopOne('scheduling');
    await platform.startOne('scheduling');
    await sleep(1000);
    await other.shutdown('SIGTERM');
    other = await platform.startReplica('scheduling');
    await sleep(1000);
    running = false;
    await load;
    await Promise.all(inFlight);
    await other.shutdown('test');

    const failed = statuses.filter((s) => s !== 200);
    expect(statuses.length).toBeGreaterThan(50);
    expect(failed).toEqual([]);
  }, 120_000);
});
