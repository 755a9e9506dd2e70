import { CallMeta, CapacityQuery, CapacityView, MAX_CAPACITY_DAYS } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { withSpan } from '@slotline/observability';
import { computeCapacity } from '../domain';
import { assertRange } from '../availability/availability.service';
import { CalendarLoader } from '../booking/calendar-loader';
import { requireAdmin } from '../common/call-context';
import { domainSync } from '../common/domain-error.mapper';
import { ResourceRecord } from '../resources/resource.record';
import { ResourcesRepository } from '../resources/resources.repository';

const MAX_RESOURCES = 200;

/** SCH-7: booked versus available minutes per practitioner, room or equipment, or per daypart. */
export class CapacityService {
  constructor(
    private readonly resources: ResourcesRepository,
    private readonly calendars: CalendarLoader,
  ) {}

  async compute(q: CapacityQuery, meta: CallMeta): Promise<CapacityView> {
    requireAdmin(meta);
    const from = new Date(q.from);
    const to = new Date(q.to);
    assertRange(from, to, MAX_CAPACITY_DAYS);
    const kind = q.group_by === 'daypart' ? 'practitioner' : q.group_by;
    const resources = q.resource_ids?.length
      ? await this.ofKind(q.resource_ids, kind)
      : await this.resources.findActiveOfKind(kind, MAX_RESOURCES);
    const range = { start: from, end: to };
    const rows = await withSpan('scheduling.capacity', async () => {
      const calendars = await this.calendars.load(resources, range);
      return domainSync(() =>
        computeCapacity({
          resources: calendars,
          range,
          groupBy: q.group_by === 'daypart' ? 'daypart' : 'resource',
        }),
      );
    });
    const names = new Map(resources.map((r) => [r.id, r.name]));
    const available = rows.reduce((sum, r) => sum + r.available_minutes, 0);
    const booked = rows.reduce((sum, r) => sum + r.booked_minutes, 0);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      group_by: q.group_by,
      rows: rows.map((r) => ({ ...r, name: q.group_by === 'daypart' ? null : (names.get(r.key) ?? null) })),
      total: {
        available_minutes: available,
        booked_minutes: booked,
        utilisation: available === 0 ? 0 : Math.min(1, Math.round((booked / available) * 10_000) / 10_000),
      },
    };
  }

  private async ofKind(ids: readonly string[], kind: ResourceRecord['kind']): Promise<ResourceRecord[]> {
    const unique = [...new Set(ids)];
    const found = new Map((await this.resources.findByIds(unique)).map((r) => [r.id, r]));
    const missing = unique.filter((id) => found.get(id)?.kind !== kind);
    if (missing.length)
      throw new AppError('NF_RESOURCE', `No ${kind} with id ${missing.join(', ')}.`, undefined, {
        ids: missing,
      });
    return unique.map((id) => found.get(id)!);
  }
}
