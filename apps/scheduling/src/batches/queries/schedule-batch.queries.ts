import {
  CallMeta,
  decodeCursor,
  ListScheduleBatchItemsCommand,
  Page,
  paginate,
  ScheduleBatchItemView,
  ScheduleBatchView,
} from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { notFound, requireAdmin } from '../../common/call-context';
import { toScheduleBatchView, toScheduleItemView } from '../schedule-batch.mapper';
import { ScheduleBatchesRepository } from '../schedule-batches.repository';

/** SCH-8: a batch's progress and its items' results, for admins. */
export class ScheduleBatchQueries {
  constructor(private readonly batches: ScheduleBatchesRepository) {}

  async get(id: string, meta: CallMeta): Promise<ScheduleBatchView> {
    requireAdmin(meta);
    const batch = await this.batches.findById(id);
    if (!batch) throw notFound('schedule batch');
    return toScheduleBatchView(batch, await this.batches.countByStatus(id));
  }

  async listItems(
    query: ListScheduleBatchItemsCommand,
    meta: CallMeta,
  ): Promise<Page<ScheduleBatchItemView>> {
    requireAdmin(meta);
    if (!(await this.batches.findById(query.id))) throw notFound('schedule batch');
    const rows = await this.batches.listItems(query.id, {
      afterPosition: positionAfterCursor(query.cursor),
      status: query.status,
      limit: query.limit,
    });
    const page = paginate(rows, query.limit, (i) => ({ position: i.position }));
    return { ...page, items: page.items.map(toScheduleItemView) };
  }
}

/** Items are paged by position; a bad cursor is 400 VAL_CURSOR like every other list. */
function positionAfterCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const payload = decodeCursor(cursor, ['position']);
  if (!payload || !Number.isInteger(payload.position) || (payload.position as number) < 0) {
    throw new AppError('VAL_CURSOR', 'The cursor is not valid; start again without one.');
  }
  return payload.position as number;
}
