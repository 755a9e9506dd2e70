import {
  AssignmentEventData,
  CreateJobBody,
  CreateResourceCommand,
  WeeklyHoursView,
} from '@slotline/contracts';
import { uuidv7 } from '@slotline/persistence';

export const ALL_DAY_EVERY_DAY: WeeklyHoursView = Object.fromEntries(
  ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((d) => [
    d,
    [{ start: '00:00', end: '24:00' }],
  ]),
);

/** Monday 10:00 UTC at least `weeks` weeks from now: always in the future, always a whole hour. */
export function futureMonday(weeks = 2): Date {
  const d = new Date(Date.now() + weeks * 7 * 86_400_000);
  d.setUTCHours(10, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() + ((8 - d.getUTCDay()) % 7));
  return d;
}

/** An admin's request for a resource; a practitioner needs `user_id` (the provider it belongs to). */
export function aCreateResourceCommand(
  overrides: Partial<CreateResourceCommand> = {},
): CreateResourceCommand {
  return {
    kind: 'room',
    name: 'Room 1',
    time_zone: 'UTC',
    weekly_hours: ALL_DAY_EVERY_DAY,
    ...overrides,
  } as CreateResourceCommand;
}

/** A customer's request for a one-hour visit, with no room, equipment or preferred window. */
export function aCreateJobBody(overrides: Partial<CreateJobBody> = {}): CreateJobBody {
  return {
    service_type: 'visit',
    duration_minutes: 60,
    price_amount: 5000,
    currency: 'EUR',
    ...overrides,
  } as CreateJobBody;
}

/**
 * The data of an assignment event as scheduling publishes it: by default a visit confirmed for Monday
 * 10:00–11:00 UTC two weeks ahead, at schedule version 2.
 */
export function anAssignmentEventData(overrides: Partial<AssignmentEventData> = {}): AssignmentEventData {
  const start = futureMonday();
  const assignmentId = overrides.assignment_id ?? uuidv7();
  return {
    actor: null,
    resource_type: 'assignment',
    resource_id: assignmentId,
    outcome: 'success',
    assignment_id: assignmentId,
    job_id: uuidv7(),
    practitioner_id: uuidv7(),
    provider_user_id: uuidv7(),
    customer_id: uuidv7(),
    status: 'scheduled',
    schedule_version: 2,
    time_zone: 'UTC',
    price_amount: 5000,
    currency: 'EUR',
    scheduled_start: start.toISOString(),
    scheduled_end: new Date(start.getTime() + 3_600_000).toISOString(),
    ...overrides,
  };
}
