import { AssignmentView, CallMeta, ListAssignmentsQuery, Page, paginate } from '@slotline/contracts';
import { idAfterCursor } from '@slotline/persistence';
import { notFound, requireActor } from '../../common/call-context';
import { viewerOf } from '../../common/viewer';
import { toAssignmentView } from '../assignment.mapper';
import { AssignmentsRepository } from '../assignments.repository';

/** What a caller may see of assignments: admins all, customers those of their jobs, providers theirs. */
export class AssignmentQueries {
  constructor(private readonly assignments: AssignmentsRepository) {}

  async list(query: ListAssignmentsQuery, meta: CallMeta): Promise<Page<AssignmentView>> {
    const viewer = viewerOf(requireActor(meta));
    const rows = await this.assignments.listVisible(viewer, {
      status: query.status,
      jobId: query.job_id,
      afterId: idAfterCursor(query.cursor),
      limit: query.limit,
    });
    const page = paginate(rows, query.limit, (a) => ({ id: a.id }));
    return { ...page, items: page.items.map(toAssignmentView) };
  }

  /** Someone who may not see it gets the same 404 as for an id that does not exist. */
  async get(id: string, meta: CallMeta): Promise<AssignmentView> {
    const a = await this.assignments.findVisible(id, viewerOf(requireActor(meta)));
    if (!a) throw notFound('assignment');
    return toAssignmentView(a);
  }
}
