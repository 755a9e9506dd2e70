import { orderTags } from './tag-order';

describe(orderTags.name, () => {
  it('puts auth and me first, the work next, platform endpoints after, admin last', () => {
    const sut = orderTags([
      'Admin: users',
      'Metrics',
      'Jobs',
      'Widgets',
      'Health',
      'Me',
      'Admin: rooms',
      'Two-factor',
      'Auth',
      'Scheduling reports',
      'Sessions',
    ]);
    expect(sut).toEqual([
      'Auth',
      'Me',
      'Sessions',
      'Two-factor',
      'Jobs',
      'Widgets',
      'Scheduling reports',
      'Health',
      'Metrics',
      'Admin: rooms',
      'Admin: users',
    ]);
  });
});
