import { dropOutboxTablesSql, outboxTablesSql, quoteSchema } from './outbox-sql';

describe('outboxTablesSql', () => {
  it('creates the outbox and inbox in the given schema', () => {
    const sut = outboxTablesSql('scheduling').join('\n');

    expect(sut).toContain('CREATE TABLE "scheduling".outbox');
    expect(sut).toContain('CREATE TABLE "scheduling".inbox');
    expect(sut).toContain('WHERE published_at IS NULL');
    expect(sut).toContain('PRIMARY KEY (consumer, event_id)');
  });

  it('drops the tables of the given schema', () => {
    expect(dropOutboxTablesSql('payouts')).toEqual([
      'DROP TABLE IF EXISTS "payouts".inbox',
      'DROP TABLE IF EXISTS "payouts".outbox',
    ]);
  });

  it.each(['', 'Scheduling', '1abc', 'a-b', 'x"; DROP TABLE y; --', 'a.b'])(
    'refuses the schema name %p',
    (schema) => {
      expect(() => outboxTablesSql(schema)).toThrow('Invalid schema name');
      expect(() => dropOutboxTablesSql(schema)).toThrow('Invalid schema name');
      expect(() => quoteSchema(schema)).toThrow('Invalid schema name');
    },
  );
});
