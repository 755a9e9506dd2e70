import type { EventEnvelope } from '@slotline/contracts';
import { ANY_EVENT_DATA, InboxConsumer, ensureEventsStream } from '@slotline/messaging';
import { createDataSource, uuidv7 } from '@slotline/persistence';
import { TEST_NATS_URL, connectTestNats, pollUntil, serviceDatabaseUrl, uniqueTag } from '@slotline/testing';
import type { NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';
import { DeadLettersLogLine, REPLAY_OF_HEADER, replayMsgId, runDeadLetters } from './dead-letters';
import { DeadLetterRow } from './dead-letters.repository';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('npm run dead-letters (payouts)', () => {
  const tag = uniqueTag('dl');
  const prefix = `${tag}.`;
  const stream = `EVENTS_${tag}`;
  const type = 'evt.payouts.probe.replayed.v1';
  const env = {
    DATABASE_URL: serviceDatabaseUrl('payouts'),
    NATS_URL: TEST_NATS_URL,
    NATS_SUBJECT_PREFIX: prefix,
    NATS_STREAM: stream,
  };
  let nc: NatsConnection;
  let db: DataSource;
  let consumer: InboxConsumer;
  let durable: string;
  const durables: string[] = [];
  let broken: boolean;
  let handled: string[];

  /** The lines of a replay of one row that went through: published (or found published), then deleted. */
  const replayedAs = (outcome: string) => [
    'dead_letters_start',
    outcome,
    'dead_letter_deleted',
    'dead_letters_replay_done',
  ];

  /** Runs the tool as an operator would, keeping what it printed. */
  async function tool(...argv: string[]) {
    const lines: DeadLettersLogLine[] = [];
    let usage = '';
    const code = await runDeadLetters(argv, env, { line: (l) => lines.push(l), usage: (t) => (usage += t) });
    return { code, lines, usage, events: lines.map((l) => l.event), printed: JSON.stringify(lines) };
  }

  function anEvent(email: string): EventEnvelope {
    return {
      id: uuidv7(),
      type,
      occurred_at: new Date().toISOString(),
      producer: 'payouts',
      data: { email },
    };
  }

  /** As the outbox relay publishes: `Nats-Msg-Id` = event id. */
  async function publish(payload: string, msgID: string): Promise<void> {
    await nc.jetstream().publish(`${prefix}${type}`, payload, { msgID });
  }

  const rows = (): Promise<DeadLetterRow[]> =>
    db.query(
      `SELECT consumer, stream, stream_seq::text AS stream_seq, payload_sha256, subject, event_id, event_type,
              reason, problems, payload, dead_lettered_at
         FROM payouts.inbox_dead_letters WHERE consumer = $1 ORDER BY stream_seq`,
      [durable],
    );
  const allRows = async (): Promise<unknown[]> =>
    db.query('SELECT * FROM payouts.inbox_dead_letters ORDER BY consumer, stream, stream_seq');
  const streamMessages = async () =>
    (await (await nc.jetstreamManager()).streams.info(stream)).state.messages;

  /** Every message of the stream delivered and settled, so "handled once" is final. */
  async function settled(): Promise<void> {
    const jsm = await nc.jetstreamManager();
    const last = (await jsm.streams.info(stream)).state.last_seq;
    await pollUntil(`consumer ${durable} to settle`, async () => {
      const info = await jsm.consumers.info(stream, durable);
      return info.num_pending === 0 && info.num_ack_pending === 0 && info.delivered.stream_seq >= last;
    });
  }

  /** An event whose handler fails on its only delivery: dead-lettered as `handler_failed`. */
  async function deadLettered(email = `${uniqueTag('p')}@example.com`): Promise<DeadLetterRow> {
    const event = anEvent(email);
    await publish(JSON.stringify(event), event.id);
    return pollUntil(`the dead letter of ${event.id}`, async () =>
      (await rows()).find((r) => r.event_id === event.id),
    );
  }

  beforeAll(async () => {
    nc = await connectTestNats();
    await ensureEventsStream(nc, { name: stream, subjectPrefix: prefix });
    db = await createDataSource({
      url: serviceDatabaseUrl('payouts'),
      schema: 'payouts',
      applicationName: 'dead-letters-test',
      poolSize: 2,
    }).initialize();
  });

  beforeEach(async () => {
    durable = `dl_replay_${uniqueTag('')}`;
    durables.push(durable);
    broken = true;
    handled = [];
    // Before the consumer starts: it delivers the whole stream, and earlier tests' events are not its own.
    await (await nc.jetstreamManager()).streams.purge(stream);
    consumer = new InboxConsumer({
      dataSource: db,
      schema: 'payouts',
      nc,
      stream,
      durable,
      filterSubjects: [`${prefix}evt.>`],
      maxDeliver: 1,
      backoffMs: [20],
      checkData: ANY_EVENT_DATA,
      logger: silent,
      handler: async (event) => {
        if (broken) throw new Error('payout account missing');
        handled.push(event.id);
      },
    });
    await consumer.start();
  });

  afterEach(() => consumer.stop());

  afterAll(async () => {
    await db?.query('DELETE FROM payouts.inbox_dead_letters WHERE stream = $1', [stream]);
    await db?.query('DELETE FROM payouts.inbox WHERE consumer = ANY($1)', [durables]);
    await (await nc.jetstreamManager()).streams.delete(stream).catch(() => undefined);
    await nc?.close();
    await db?.destroy();
  });

  it('lists a dead letter by id, type, reason and problems, never its payload', async () => {
    const email = `${uniqueTag('secret')}@example.com`;
    const row = await deadLettered(email);

    const listed = await tool(
      'list',
      '--service',
      'payouts',
      '--consumer',
      durable,
      '--reason',
      'handler_failed',
    );

    expect(listed.code).toBe(0);
    expect(listed.lines.filter((l) => l.event === 'dead_letter')).toEqual([
      expect.objectContaining({
        id: `${durable}/${stream}/${row.stream_seq}/${row.payload_sha256.slice(0, 12)}`,
        consumer: durable,
        event_id: row.event_id,
        event_type: type,
        reason: 'handler_failed',
        problems: ['payout account missing'],
        dead_lettered_at: row.dead_lettered_at.toISOString(),
      }),
    ]);
    expect(listed.printed).not.toContain(email);
    expect(listed.printed).not.toContain('payload');
  });

  it('replays a dead letter once its cause is fixed: the consumer handles it once and the row is gone', async () => {
    const row = await deadLettered();
    const id = `${durable}/${stream}/${row.stream_seq}/${row.payload_sha256.slice(0, 12)}`;
    broken = false; // the cause is fixed (e.g. the missing row was created)

    // Still within the stream's duplicate window of the original publish: a re-publish under the event
    // id, as the relay did it, is dropped by JetStream as a duplicate and would never reach the consumer.
    const relayId = await nc.jetstream().publish(`${prefix}${type}`, row.payload, { msgID: row.event_id! });
    expect(relayId.duplicate).toBe(true);
    const replayed = await tool('replay', '--service', 'payouts', '--id', id);

    expect(replayed.code).toBe(0);
    expect(replayed.events).toEqual(replayedAs('dead_letter_replayed'));
    expect(replayed.lines[1]).toMatchObject({ id, event_id: row.event_id, msg_id: replayMsgId(row) });
    await pollUntil('the replayed event to be handled', () => handled.length > 0);
    await settled();
    expect(handled).toEqual([row.event_id]);
    expect(await rows()).toEqual([]);
    const inbox = await db.query('SELECT event_id FROM payouts.inbox WHERE consumer = $1', [durable]);
    expect(inbox).toEqual([{ event_id: row.event_id }]);
    // The stream holds the original and the replay, the replay with the same envelope and a header of its own.
    const replay = await (
      await nc.jetstreamManager()
    ).streams.getMessage(stream, { last_by_subj: `${prefix}${type}` });
    expect(replay.string()).toBe(row.payload);
    expect(replay.header.get(REPLAY_OF_HEADER)).toBe(id);
    expect(replay.header.get('Nats-Msg-Id')).toBe(replayMsgId(row));
    expect(replay.header.get('Slotline-Event-Type')).toBe(type);
  });

  it('changes nothing on a dry run', async () => {
    const row = await deadLettered();
    broken = false;
    const before = { rows: await allRows(), messages: await streamMessages() };

    const planned = await tool('replay', '--service', 'payouts', '--consumer', durable, '--dry-run');
    const discardPlanned = await tool(
      'discard',
      '--service',
      'payouts',
      '--event-id',
      row.event_id!,
      '--note',
      'test',
      '--dry-run',
    );

    expect(planned.code).toBe(0);
    expect(planned.events).toEqual([
      'dead_letters_start',
      'dead_letter_replay_planned',
      'dead_letters_replay_done',
    ]);
    expect(planned.lines[2]).toMatchObject({ matched: 1, planned: 1, replayed: 0, dry_run: true });
    expect(discardPlanned.code).toBe(0);
    expect(discardPlanned.events).toContain('dead_letter_discard_planned');
    expect(await allRows()).toEqual(before.rows);
    expect(await streamMessages()).toBe(before.messages);
    expect(handled).toEqual([]);
  });

  it('deletes the row when JetStream already holds the replay (an earlier run died before deleting it), handling the event once', async () => {
    const row = await deadLettered();
    broken = false;
    // What an earlier run did before it crashed: the replay is in the stream, the row still here.
    const earlier = JSON.parse(row.payload) as EventEnvelope;
    await publish(row.payload, replayMsgId(row));
    await pollUntil('the earlier replay to be handled', () => handled.length > 0);

    const again = await tool('replay', '--service', 'payouts', '--event-id', earlier.id);

    expect(again.code).toBe(0);
    expect(again.events).toEqual(replayedAs('dead_letter_replay_duplicate'));
    await settled();
    expect(handled).toEqual([earlier.id]);
    expect(await rows()).toEqual([]);
  });

  it('refuses to replay a malformed envelope and keeps its row; discard deletes it with the note logged', async () => {
    await publish('{"not": "an envelope"}', uuidv7());
    const [row] = await pollUntil('the malformed dead letter', rows, { until: (r) => r.length > 0 });
    expect(row).toMatchObject({ reason: 'malformed_envelope', event_id: null });

    const mine = ['--service', 'payouts', '--consumer', durable];
    const refused = await tool('replay', ...mine, '--reason', 'malformed_envelope');
    expect(refused.code).toBe(1);
    expect(refused.lines[1]).toMatchObject({
      event: 'dead_letter_replay_refused',
      why: expect.stringMatching(/no event id/),
    });
    expect(await rows()).toHaveLength(1);

    const discarded = await tool('discard', ...mine, '--note', 'producer bug #12, re-sent');
    expect(discarded.code).toBe(0);
    expect(discarded.lines[1]).toMatchObject({
      event: 'dead_letter_discarded',
      note: 'producer bug #12, re-sent',
    });
    expect(await rows()).toEqual([]);
  });

  it.each([
    [[], /no command/],
    [['purge', '--service', 'payouts'], /unknown command "purge"/],
    [['list'], /--service is required/],
    [
      ['list', '--service', 'scheduling'],
      /unknown --service "scheduling": one of auth-audit, notifications, payouts/,
    ],
    [['replay', '--service', 'payouts'], /replay needs --id or at least one filter/],
    [['replay', '--service', 'payouts', '--reason', 'bad_luck'], /unknown --reason "bad_luck"/],
    [['replay', '--service', 'payouts', '--since', 'yesterday'], /--since must be an ISO 8601 time/],
    [['replay', '--service', 'payouts', '--id', '42'], /--id "42" is not an id as list prints it/],
    [['discard', '--service', 'payouts', '--consumer', 'x'], /discard needs --note/],
    [['list', '--service', 'payouts', '--force'], /Unknown option '--force'/],
  ])('refuses %j with a clear message and exit code 2, touching nothing', async (argv, message) => {
    const refused = await tool(...argv);
    expect(refused.code).toBe(2);
    expect(refused.lines).toEqual([
      expect.objectContaining({ event: 'dead_letters_bad_arguments', error: expect.stringMatching(message) }),
    ]);
    expect(refused.usage).toMatch(/^usage: npm run dead-letters -- <command>/);
  });
});
