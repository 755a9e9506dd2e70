import {
  CallMeta,
  ListMyPayoutsQuery,
  ListPayoutsQuery,
  Page,
  paginate,
  PayoutBacklogView,
  PayoutView,
} from '@slotline/contracts';
import { isAdmin, payoutNotFound, requireActor, requireAdmin, requireProvider } from '../common/call-context';
import { idAfterCursor } from '@slotline/persistence';
import { toPayoutView } from './payout.mapper';
import { PayoutsRepository } from './payouts.repository';

/** PAY-2 reads: the admins' queue, one payout, a provider's own, and the backlog (SCH-11, PAY-4). */
export class PayoutQueriesService {
  constructor(
    private readonly payouts: PayoutsRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(q: ListPayoutsQuery, meta: CallMeta): Promise<Page<PayoutView>> {
    requireAdmin(meta);
    const rows = await this.payouts.findOldestFirst({
      status: q.status,
      providerUserId: q.provider_user_id,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      afterId: idAfterCursor(q.cursor),
      limit: q.limit,
    });
    return paginate(rows.map(toPayoutView), q.limit, (p) => ({ id: p.id }));
  }

  /** Admins see every payout, a provider their own; anyone else gets the same 404 as for a missing one. */
  async get(id: string, meta: CallMeta): Promise<PayoutView> {
    const actor = requireActor(meta);
    const payout = await this.payouts.findById(id);
    if (!payout || (!isAdmin(actor) && payout.providerUserId !== actor.user_id)) throw payoutNotFound();
    return toPayoutView(payout);
  }

  async listMine(q: ListMyPayoutsQuery, meta: CallMeta): Promise<Page<PayoutView>> {
    const provider = requireProvider(meta);
    const rows = await this.payouts.findNewestFirstOf(provider.user_id, {
      status: q.status,
      afterId: idAfterCursor(q.cursor),
      limit: q.limit,
    });
    return paginate(rows.map(toPayoutView), q.limit, (p) => ({ id: p.id }));
  }

  async backlog(meta: CallMeta): Promise<PayoutBacklogView> {
    requireAdmin(meta);
    const now = this.now();
    const { count, oldest } = await this.payouts.pendingBacklog();
    return {
      payout_pending: count,
      oldest_pending_age_seconds: oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : null,
      as_of: now.toISOString(),
    };
  }
}
