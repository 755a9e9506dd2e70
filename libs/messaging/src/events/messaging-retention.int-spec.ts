import { uuidv7 } from '@slotline/persistence';
import { MessagingRetention } from './messaging-retention';
import { EventsTestContext } from './testing/events-test-context';

describe(MessagingRetention.name, () => {
  const ctx = new EventsTestContext();

  beforeAll(() => ctx.setUp());
  afterAll(() => ctx.tearDown());

  it('deletes only published outbox rows and inbox records older than the retention', async () => {
    const t = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3_600_000);
    const outbox = `"${ctx.schema}".outbox`;
    const inbox = `"${ctx.schema}".inbox`;
    const rows = { oldPublished: uuidv7(), recentPublished: uuidv7(), oldUnpublished: uuidv7() };
    const insert = (id: string, created: Date, published: Date | null) =>
      ctx.dataSource.query(
        `INSERT INTO ${outbox} (id, subject, envelope, created_at, published_at) VALUES ($1, 'evt.t.x.y.v1', '{}', $2, $3)`,
        [id, created, published],
      );
    await insert(rows.oldPublished, t(200), t(199));
    await insert(rows.recentPublished, t(2), t(1));
    await insert(rows.oldUnpublished, t(200), null);
    const oldEvent = uuidv7();
    const recentEvent = uuidv7();
    await ctx.dataSource.query(
      `INSERT INTO ${inbox} (consumer, event_id, processed_at) VALUES ('c', $1, $2), ('c', $3, $4)`,
      [oldEvent, t(200), recentEvent, t(1)],
    );

    const sut = new MessagingRetention({
      dataSource: ctx.dataSource,
      schema: ctx.schema,
      retentionHours: 168,
      intervalMs: 0,
    });
    expect(await sut.purgeOnce()).toEqual({ outbox: 1, inbox: 1, outcomes: 0 });

    const left = (await ctx.dataSource.query(`SELECT id FROM ${outbox} ORDER BY id`)).map(
      (r: { id: string }) => r.id,
    );
    expect(left.sort()).toEqual([rows.recentPublished, rows.oldUnpublished].sort());
    const inboxLeft = (await ctx.dataSource.query(`SELECT event_id FROM ${inbox}`)).map(
      (r: { event_id: string }) => r.event_id,
    );
    expect(inboxLeft).toEqual([recentEvent]);
  });
});
