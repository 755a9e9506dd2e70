import { decodeCursor } from './cursor';
import { paginate } from './page';

describe(paginate.name, () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${i + 1}`, seq: i + 1 }));
  const cursorOf = (row: { id: string; seq: number }) => ({ seq: row.seq, id: row.id });

  it('shows `limit` items and a cursor after the last when the extra row was fetched', () => {
    const sut = paginate(rows(4), 3, cursorOf);

    expect(sut.items.map((r) => r.id)).toEqual(['r1', 'r2', 'r3']);
    expect(sut.has_more).toBe(true);
    expect(decodeCursor(sut.next_cursor!)).toEqual({ seq: 3, id: 'r3' });
  });

  it.each([0, 2, 3])('ends the list when %i rows came back for a limit of 3', (n) => {
    const sut = paginate(rows(n), 3, cursorOf);

    expect(sut).toEqual({ items: rows(n), next_cursor: null, has_more: false });
  });
});
