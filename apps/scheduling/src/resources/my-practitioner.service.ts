import {
  AddTimeOffBody,
  CallMeta,
  CreateMyPractitionerBody,
  ListTimeOffQuery,
  Page,
  ResourceView,
  TimeOffView,
  UpdateMyHoursBody,
} from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { requireRole } from '../common/call-context';
import { toResourceView } from './resource.mapper';
import { ResourceRecord } from './resource.record';
import { ResourcesRepository } from './resources.repository';
import { ResourcesService } from './resources.service';
import { normaliseHours } from './weekly-hours.mapper';

/**
 * A provider's own practitioner record: they may create it once (linked to their account), and manage
 * their weekly hours and time off. Name, buffers and deactivation stay with admins.
 */
export class MyPractitionerService {
  constructor(
    private readonly resources: ResourcesService,
    private readonly repo: ResourcesRepository,
  ) {}

  create(body: CreateMyPractitionerBody, meta: CallMeta): Promise<ResourceView> {
    const actor = requireRole(meta, 'provider', 'create a practitioner profile');
    return this.resources.create(
      {
        kind: 'practitioner',
        user_id: actor.user_id,
        name: body.name,
        time_zone: body.time_zone,
        weekly_hours: body.weekly_hours,
      },
      meta,
    );
  }

  async get(meta: CallMeta): Promise<ResourceView> {
    return toResourceView(await this.mine(meta));
  }

  async updateHours(body: UpdateMyHoursBody, meta: CallMeta): Promise<ResourceView> {
    const me = await this.mine(meta);
    const updated = await this.resources.applyChanges(
      'practitioner',
      me.id,
      { weeklyHours: normaliseHours(body.weekly_hours), timeZone: body.time_zone },
      meta,
    );
    return toResourceView(updated);
  }

  async addTimeOff(body: AddTimeOffBody, meta: CallMeta): Promise<TimeOffView> {
    const me = await this.mine(meta);
    return this.resources.addTimeOff('practitioner', me.id, body, meta);
  }

  async listTimeOff(query: ListTimeOffQuery, meta: CallMeta): Promise<Page<TimeOffView>> {
    const me = await this.mine(meta);
    return this.resources.listTimeOff('practitioner', me.id, query);
  }

  async removeTimeOff(timeOffId: string, meta: CallMeta): Promise<void> {
    const me = await this.mine(meta);
    await this.resources.removeTimeOff('practitioner', me.id, timeOffId, meta);
  }

  private async mine(meta: CallMeta): Promise<ResourceRecord> {
    const actor = requireRole(meta, 'provider', 'manage a practitioner profile');
    const me = await this.repo.findPractitionerByUser(actor.user_id);
    if (!me)
      throw new AppError('NF_RESOURCE', 'This account has no practitioner profile yet; create it first.');
    return me;
  }
}
