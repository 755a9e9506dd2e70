import { splitIntoLanes } from './schedule-batch.lanes';

describe(splitIntoLanes.name, () => {
  const item = (position: number, ...resources: string[]) => ({ position, resources });
  const split = (items: ReturnType<typeof item>[], lanes: number, chunkSize: number) =>
    splitIntoLanes(items, (i) => i.resources, lanes, chunkSize).map((lane) => lane.map((i) => i.position));

  it('puts items of different practitioners in different lanes, each in position order', () => {
    const items = [0, 1, 2, 3, 4, 5].map((n) => item(n, `p${n % 3}`));
    expect(split(items, 3, 10)).toEqual([
      [0, 3],
      [1, 4],
      [2, 5],
    ]);
  });

  it('keeps items linked through a shared room or equipment in one lane', () => {
    const items = [
      item(0, 'p0', 'room'),
      item(1, 'p1'),
      item(2, 'p2', 'room'),
      item(3, 'p3', 'e1'),
      item(4, 'p1', 'e1'),
    ];
    // 0 and 2 share the room; 1, 3 and 4 are linked through p1 and e1.
    expect(split(items, 4, 10)).toEqual([
      [0, 2],
      [1, 3, 4],
    ]);
  });

  it('takes at most chunkSize items per lane and leaves the rest of a group for the next round', () => {
    const items = [0, 1, 2, 3, 4, 5, 6].map((n) => item(n, n < 5 ? 'busy' : `p${n}`));
    expect(split(items, 2, 3)).toEqual([
      [0, 1, 2],
      [5, 6],
    ]);
  });

  it('never splits one group across lanes', () => {
    const items = [0, 1, 2, 3].map((n) => item(n, 'p'));
    expect(split(items, 4, 2)).toEqual([[0, 1]]);
  });

  it('gives an item with no known resource a lane of its own', () => {
    expect(split([item(0), item(1)], 2, 5)).toEqual([[0], [1]]);
  });
});
