import {
  AddTimeOffBody,
  CallMeta,
  CreateResourceCommand,
  ListResourcesCommand,
  ListTimeOffQuery,
  Page,
  paginate,
  ResourceKindName,
  ResourceRef,
  ResourceView,
  SCHEDULING_EVENTS,
  TimeOffView,
  UpdateResourceCommand,
  decodeCursor,
} from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { OutboxWriter } from '@slotline/messaging';
import { idAfterCursor, TransactionRunner, uuidv7 } from '@slotline/persistence';
import { validate as isUuid } from 'uuid';
import { BUSY_CODE_BY_KIND, formatInstant } from '../domain';
import { eventFrom, notFound } from '../common/call-context';
import { DAY_MS } from '../common/time-format';
import { resourceEvent, timeOffEvent, toSnake } from './resource-events';
import { toResourceView, toTimeOffView } from './resource.mapper';
import { ResourceChanges, ResourceRecord } from './resource.record';
import { ResourcesRepository } from './resources.repository';
import { assertValidSchedule, normaliseHours } from './weekly-hours.mapper';

export interface ResourcesServiceDeps {
  repo: ResourcesRepository;
  tx: TransactionRunner;
  outbox: OutboxWriter;
  now?: () => Date;
}

const MAX_TIME_OFF_DAYS = 366;

/**
 * Practitioners, rooms and equipment (SCH-1). Callers authorize first: admins reach any resource
 * through the admin handlers, providers only their own practitioner through the `me` handlers.
 */
export class ResourcesService {
  private readonly now: () => Date;

  constructor(private readonly d: ResourcesServiceDeps) {
    this.now = d.now ?? (() => new Date());
  }

  async create(cmd: CreateResourceCommand, meta: CallMeta): Promise<ResourceView> {
    if (cmd.kind === 'practitioner' && !cmd.user_id) {
      throw new AppError('VAL_FAILED', 'The request has invalid fields.', [
        {
          field: 'user_id',
          code: 'isDefined',
          message: 'user_id (the provider account) is required for a practitioner',
        },
      ]);
    }
    if (cmd.kind !== 'practitioner' && cmd.user_id) {
      throw new AppError('VAL_FAILED', 'The request has invalid fields.', [
        {
          field: 'user_id',
          code: 'unknown_field',
          message: `user_id is only for practitioners, not ${cmd.kind}`,
        },
      ]);
    }
    const hours = normaliseHours(cmd.weekly_hours);
    assertValidSchedule(cmd.time_zone, hours);
    const record = await this.d.tx.run(async (m) => {
      const created = await this.d.repo.insert(m, {
        id: uuidv7(),
        kind: cmd.kind,
        userId: cmd.user_id ?? null,
        name: cmd.name.trim(),
        timeZone: cmd.time_zone,
        weeklyHours: hours,
        bufferBeforeMinutes: cmd.buffer_before_minutes ?? 0,
        bufferAfterMinutes: cmd.buffer_after_minutes ?? 0,
      });
      if (!created) throw new AppError('CF_CONFLICT', 'This provider already has a practitioner record.');
      await this.d.outbox.enqueue(
        m,
        eventFrom(meta, SCHEDULING_EVENTS.resourceCreated, resourceEvent(meta, created)),
      );
      return created;
    });
    return toResourceView(record);
  }

  async list(cmd: ListResourcesCommand): Promise<Page<ResourceView>> {
    const rows = await this.d.repo.listPage(cmd.kind, {
      active: cmd.active,
      afterId: idAfterCursor(cmd.cursor),
      limit: cmd.limit,
    });
    const page = paginate(rows, cmd.limit, (r) => ({ id: r.id }));
    return { ...page, items: page.items.map(toResourceView) };
  }

  async get(ref: ResourceRef): Promise<ResourceView> {
    return toResourceView(await this.find(ref.kind, ref.id));
  }

  async update(cmd: UpdateResourceCommand, meta: CallMeta): Promise<ResourceView> {
    const changes: ResourceChanges = {
      name: cmd.name?.trim(),
      timeZone: cmd.time_zone,
      weeklyHours: cmd.weekly_hours ? normaliseHours(cmd.weekly_hours) : undefined,
      bufferBeforeMinutes: cmd.buffer_before_minutes,
      bufferAfterMinutes: cmd.buffer_after_minutes,
      active: cmd.active,
    };
    return toResourceView(await this.applyChanges(cmd.kind, cmd.id, changes, meta));
  }

  /** Soft delete: the resource is no longer offered or bookable; its existing bookings stay. */
  async deactivate(ref: ResourceRef, meta: CallMeta): Promise<ResourceView> {
    return toResourceView(await this.applyChanges(ref.kind, ref.id, { active: false }, meta));
  }

  async addTimeOff(
    kind: ResourceKindName,
    id: string,
    body: AddTimeOffBody,
    meta: CallMeta,
  ): Promise<TimeOffView> {
    const start = new Date(body.start);
    const end = new Date(body.end);
    if (!(end.getTime() > start.getTime())) {
      throw new AppError('VAL_FAILED', 'The request has invalid fields.', [
        { field: 'end', code: 'invalid', message: 'end must be after start' },
      ]);
    }
    if (end.getTime() - start.getTime() > MAX_TIME_OFF_DAYS * DAY_MS) {
      throw new AppError('VAL_FAILED', 'The request has invalid fields.', [
        {
          field: 'end',
          code: 'invalid',
          message: `time off may last at most ${MAX_TIME_OFF_DAYS} days; add several`,
        },
      ]);
    }
    const { resource, timeOff } = await this.d.tx.run(async (m) => {
      // Locked so a booking committed meanwhile cannot slip under the new time off unseen.
      const resource = await this.d.repo.lockById(m, id, kind);
      if (!resource) throw notFound(kind);
      const clash = await this.d.repo.findActiveBookingOverlapping(m, resource.id, start, end);
      if (clash) {
        throw new AppError(
          BUSY_CODE_BY_KIND[kind],
          `The ${kind} has a booked visit in this time; move or cancel it first.`,
          undefined,
          {
            resource_id: resource.id,
            clashing: {
              start: formatInstant(clash.start, resource.timeZone),
              end: formatInstant(clash.end, resource.timeZone),
            },
          },
        );
      }
      const timeOff = await this.d.repo.insertTimeOff(m, {
        id: uuidv7(),
        resourceId: resource.id,
        start,
        end,
        reason: body.reason ?? null,
      });
      await this.d.outbox.enqueue(
        m,
        eventFrom(meta, SCHEDULING_EVENTS.timeOffAdded, timeOffEvent(meta, resource, timeOff.id, start, end)),
      );
      return { resource, timeOff };
    });
    return toTimeOffView(timeOff, resource.timeZone);
  }

  async listTimeOff(kind: ResourceKindName, id: string, query: ListTimeOffQuery): Promise<Page<TimeOffView>> {
    const resource = await this.find(kind, id);
    const from = query.from ? new Date(query.from) : this.now();
    const to = query.to ? new Date(query.to) : new Date(from.getTime() + 10 * 366 * DAY_MS);
    if (!(to.getTime() > from.getTime())) {
      throw new AppError('VAL_FAILED', 'The request has invalid fields.', [
        { field: 'to', code: 'invalid', message: 'to must be after from' },
      ]);
    }
    const rows = await this.d.repo.listTimeOff(
      resource.id,
      from,
      to,
      timeOffCursor(query.cursor),
      query.limit,
    );
    const page = paginate(rows, query.limit, (t) => ({ start: t.start.toISOString(), id: t.id }));
    return { ...page, items: page.items.map((t) => toTimeOffView(t, resource.timeZone)) };
  }

  async removeTimeOff(kind: ResourceKindName, id: string, timeOffId: string, meta: CallMeta): Promise<void> {
    await this.d.tx.run(async (m) => {
      const resource = await this.d.repo.lockById(m, id, kind);
      if (!resource) throw notFound(kind);
      const removed = await this.d.repo.deleteTimeOff(m, resource.id, timeOffId);
      if (!removed) throw notFound('time off');
      await this.d.outbox.enqueue(
        m,
        eventFrom(
          meta,
          SCHEDULING_EVENTS.timeOffRemoved,
          timeOffEvent(meta, resource, removed.id, removed.start, removed.end),
        ),
      );
    });
  }

  async applyChanges(
    kind: ResourceKindName,
    id: string,
    changes: ResourceChanges,
    meta: CallMeta,
  ): Promise<ResourceRecord> {
    return this.d.tx.run(async (m) => {
      const current = await this.d.repo.lockById(m, id, kind);
      if (!current) throw notFound(kind);
      const changed = (Object.keys(changes) as Array<keyof ResourceChanges>).filter(
        (key) => changes[key] !== undefined && JSON.stringify(changes[key]) !== JSON.stringify(current[key]),
      );
      if (!changed.length) return current;
      if (changes.timeZone !== undefined || changes.weeklyHours !== undefined) {
        assertValidSchedule(changes.timeZone ?? current.timeZone, changes.weeklyHours ?? current.weeklyHours);
      }
      const updated = await this.d.repo.update(m, id, changes);
      const type =
        changes.active === false && current.active
          ? SCHEDULING_EVENTS.resourceDeactivated
          : SCHEDULING_EVENTS.resourceUpdated;
      await this.d.outbox.enqueue(
        m,
        eventFrom(meta, type, { ...resourceEvent(meta, updated), changed: changed.map(toSnake) }),
      );
      return updated;
    });
  }

  private async find(kind: ResourceKindName, id: string): Promise<ResourceRecord> {
    const resource = await this.d.repo.findById(id, kind);
    if (!resource) throw notFound(kind);
    return resource;
  }
}

function timeOffCursor(cursor: string | undefined): { start: Date; id: string } | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const payload = decodeCursor(cursor, ['start', 'id']);
  const start = payload && typeof payload.start === 'string' ? new Date(payload.start) : null;
  if (
    !payload ||
    !start ||
    Number.isNaN(start.getTime()) ||
    typeof payload.id !== 'string' ||
    !isUuid(payload.id)
  ) {
    throw new AppError('VAL_CURSOR', 'The cursor is not valid; start again without one.');
  }
  return { start, id: payload.id };
}
