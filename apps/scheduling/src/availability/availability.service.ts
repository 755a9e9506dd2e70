import {
  AvailabilityView,
  CallMeta,
  decodeCursor,
  encodeCursor,
  ExplainAvailabilityQuery,
  FindAvailabilityQuery,
  MAX_AVAILABILITY_DAYS,
  MAX_AVAILABILITY_PRACTITIONERS,
  SlotExplanationView,
} from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { SerializedJson } from '@slotline/messaging';
import { withSpan } from '@slotline/observability';
import {
  explainSlot,
  formatInstant,
  FreeSlotPage,
  freeSlotPage,
  Interval,
  SlotCalendar,
  SlotPage,
} from '../domain';
import { CalendarLoader } from '../booking/calendar-loader';
import { requireActor } from '../common/call-context';
import { domainSync } from '../common/domain-error.mapper';
import { requestedStart } from '../common/requested-start';
import { addMinutes, DAY_MS } from '../common/time-format';
import { ResourceRecord } from '../resources/resource.record';
import { ResourcesRepository } from '../resources/resources.repository';
import { AvailabilityCalendar, AvailabilityCalendarsRepository } from './availability-calendars.repository';
import { writeAvailabilityPage } from './availability-page.writer';

export interface AvailabilityServiceDeps {
  resources: ResourcesRepository;
  /** The booking path's read, for `explain` (one window of a few resources). */
  calendars: CalendarLoader;
  /** Resources and calendars in one read, for `find`. */
  reads: Pick<AvailabilityCalendarsRepository, 'calendarsOf'>;
  now?: () => Date;
}

const DEFAULT_SLOT_LIMIT = 500;
const EMPTY_PAGE: SlotPage = { starts: [], resources: [], durationMs: 0, hasMore: false };
/**
 * A low guess of the slots a practitioner offers per day, averaged over a week (8 working hours on a
 * 15-minute grid offer about 29 an hour-long slot a day, none at weekends): it sets how many days the
 * first read covers. A wrong guess costs a second read, never a wrong page.
 */
const SLOTS_PER_PRACTITIONER_DAY = 12;

interface FoundPage {
  page: SlotPage;
  practitioners: SlotCalendar[];
}

/** SCH-6: free slots and why a slot is not free, from the same domain rules as booking. */
export class AvailabilityService {
  private readonly now: () => Date;

  constructor(private readonly d: AvailabilityServiceDeps) {
    this.now = d.now ?? (() => new Date());
  }

  /** The page as the JSON text of its `AvailabilityView` (see writeAvailabilityPage). */
  async find(q: FindAvailabilityQuery, meta: CallMeta): Promise<SerializedJson<AvailabilityView>> {
    requireActor(meta);
    const timeZone = q.time_zone ?? 'UTC';
    domainSync(() => formatInstant(new Date(), timeZone));
    const from = new Date(q.from);
    const to = new Date(q.to);
    assertRange(from, to, MAX_AVAILABILITY_DAYS);
    const after = slotCursor(q.cursor);
    // Slots already begun are not offered.
    const start = new Date(Math.max(from.getTime(), this.now().getTime()));
    const range = { start, end: to };
    const stepMinutes = q.step_minutes ?? 15;
    const limit = q.limit ?? DEFAULT_SLOT_LIMIT;
    const { page, practitioners } =
      start.getTime() >= to.getTime()
        ? await this.calendarsFor(q, range).then(() => ({ page: EMPTY_PAGE, practitioners: [] }))
        : await withSpan('scheduling.availability', () =>
            this.pageOf(q, range, { after: after && { start: after.s, resourceId: after.r }, limit }),
          );
    const count = page.starts.length;
    // Only the page is formatted (a month for 50 practitioners is tens of thousands of slots), straight
    // into the reply's JSON text.
    return writeAvailabilityPage({
      timeZone,
      durationMinutes: q.duration_minutes,
      stepMinutes,
      practitionerIds: practitioners.map((p) => p.id),
      page,
      nextCursor:
        page.hasMore && count
          ? encodeCursor({ s: page.starts[count - 1], r: practitioners[page.resources[count - 1]].id })
          : null,
    });
  }

  async explain(q: ExplainAvailabilityQuery, meta: CallMeta): Promise<SlotExplanationView> {
    requireActor(meta);
    const [practitioner] = await this.activeResources([q.practitioner_id], 'practitioner', 'practitioner_id');
    const rooms = q.room_id ? await this.activeResources([q.room_id], 'room', 'room_id') : [];
    const equipment = q.equipment_ids?.length
      ? await this.activeResources([...new Set(q.equipment_ids)], 'equipment', 'equipment_ids')
      : [];
    const timeZone = q.time_zone ?? practitioner.timeZone;
    const start = requestedStart(q, practitioner.timeZone);
    const window = { start, end: addMinutes(start, q.duration_minutes) };
    const calendars = await this.d.calendars.load([practitioner, ...rooms, ...equipment], window);
    const explanation = domainSync(() =>
      explainSlot({ resources: calendars, window, now: this.now(), outputTimeZone: timeZone }),
    );
    return {
      available: explanation.available,
      start: formatInstant(window.start, timeZone),
      end: formatInstant(window.end, timeZone),
      time_zone: timeZone,
      reasons: explanation.reasons,
    };
  }

  /**
   * The page, from calendars read only as far as it is likely to reach: a few days past the cursor
   * (a month of 50 calendars is read for a page that ends within a day otherwise), and the whole range
   * only when those days do not fill it. A page filled before that horizon is the range's page: every
   * slot of the range ordered before the last one found starts no later, so ends before the horizon too,
   * and was found.
   */
  private async pageOf(q: FindAvailabilityQuery, range: Interval, page: FreeSlotPage): Promise<FoundPage> {
    // Slots before the cursor's start are never returned, so what blocks them is not read either.
    const from = Math.min(
      Math.max(range.start.getTime(), page.after?.start ?? -Infinity),
      range.end.getTime(),
    );
    const practitioners = q.practitioner_ids?.length || MAX_AVAILABILITY_PRACTITIONERS;
    const days = Math.ceil(page.limit / (practitioners * SLOTS_PER_PRACTITIONER_DAY)) + 1;
    const horizon = new Date(Math.min(range.end.getTime(), from + days * DAY_MS));
    const walk = async (end: Date): Promise<FoundPage> => {
      const { practitioners, room } = await this.calendarsFor(q, { start: new Date(from), end });
      const found = domainSync(() =>
        freeSlotPage(
          {
            resources: practitioners,
            room,
            range: { start: range.start, end },
            durationMinutes: q.duration_minutes,
            stepMinutes: q.step_minutes ?? 15,
          },
          page,
        ),
      );
      return { page: found, practitioners };
    };
    const first = await walk(horizon);
    return first.page.hasMore || horizon.getTime() >= range.end.getTime() ? first : walk(range.end);
  }

  /**
   * The practitioners asked for (every active one, up to 50, when none are named) and the room, with
   * their calendars around `range`: the resources and their calendars in one read.
   */
  private async calendarsFor(
    q: FindAvailabilityQuery,
    range: Interval,
  ): Promise<{ practitioners: SlotCalendar[]; room?: SlotCalendar }> {
    const named = q.practitioner_ids?.length ? q.practitioner_ids : undefined;
    const ids =
      named ??
      (await this.d.resources.findActiveOfKind('practitioner', MAX_AVAILABILITY_PRACTITIONERS)).map(
        (r) => r.id,
      );
    const found = await this.d.reads.calendarsOf([...new Set(q.room_id ? [...ids, q.room_id] : ids)], range);
    const practitioners = named
      ? activeCalendars(found, named, 'practitioner', 'practitioner_ids')
      : ids.flatMap((id) => found.get(id)?.calendar ?? []);
    const [room] = q.room_id ? activeCalendars(found, [q.room_id], 'room', 'room_id') : [];
    return { practitioners, room };
  }

  /** Unknown or deactivated ids are 404, named. */
  private async activeResources(
    ids: readonly string[],
    kind: ResourceRecord['kind'],
    field: string,
  ): Promise<ResourceRecord[]> {
    const found = new Map((await this.d.resources.findByIds(ids)).map((r) => [r.id, r]));
    return requireActive(found, ids, kind, field);
  }
}

/** The resources of `ids`, in order; unknown or deactivated ids, or another kind, are 404, named. */
function requireActive<T extends { kind: ResourceRecord['kind']; active: boolean }>(
  found: ReadonlyMap<string, T>,
  ids: readonly string[],
  kind: ResourceRecord['kind'],
  field: string,
): T[] {
  const missing = ids.filter((id) => {
    const r = found.get(id);
    return !r || r.kind !== kind || !r.active;
  });
  if (missing.length) {
    throw new AppError('NF_RESOURCE', `No active ${kind} with id ${missing.join(', ')}.`, undefined, {
      field,
      ids: missing,
    });
  }
  return ids.map((id) => found.get(id)!);
}

function activeCalendars(
  found: ReadonlyMap<string, AvailabilityCalendar>,
  ids: readonly string[],
  kind: ResourceRecord['kind'],
  field: string,
): SlotCalendar[] {
  return requireActive(found, ids, kind, field).map((r) => r.calendar);
}

export function assertRange(from: Date, to: Date, maxDays: number): void {
  if (!(to.getTime() > from.getTime())) {
    throw new AppError('VAL_FAILED', 'The request has invalid fields.', [
      { field: 'to', code: 'invalid', message: 'to must be after from' },
    ]);
  }
  if (to.getTime() - from.getTime() > maxDays * DAY_MS) {
    throw new AppError('VAL_FAILED', 'The request has invalid fields.', [
      { field: 'to', code: 'invalid', message: `the range may span at most ${maxDays} days` },
    ]);
  }
}

function slotCursor(cursor: string | undefined): { s: number; r: string } | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const p = decodeCursor(cursor, ['s', 'r']);
  if (!p || typeof p.s !== 'number' || typeof p.r !== 'string')
    throw new AppError('VAL_CURSOR', 'The cursor is not valid; start again without one.');
  return { s: p.s, r: p.r };
}
