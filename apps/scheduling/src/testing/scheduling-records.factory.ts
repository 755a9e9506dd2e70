import { uuidv7 } from '@slotline/persistence';
import { ALL_DAY_EVERY_DAY } from '@slotline/testing';
import type { AssignmentRecord } from '../assignments/assignment.record';
import type { JobRecord } from '../jobs/job.record';
import type { ResourceRecord } from '../resources/resource.record';

/** Test data only: rows as the scheduling repositories return them. */
export function aResourceRecord(overrides: Partial<ResourceRecord> = {}): ResourceRecord {
  const now = new Date();
  return {
    id: uuidv7(),
    kind: 'room',
    userId: null,
    name: 'Room 1',
    timeZone: 'UTC',
    weeklyHours: ALL_DAY_EVERY_DAY,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    active: true,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

export function aPractitionerRecord(userId: string, overrides: Partial<ResourceRecord> = {}): ResourceRecord {
  return aResourceRecord({ kind: 'practitioner', userId, name: 'Pat', ...overrides });
}

export function aJobRecord(overrides: Partial<JobRecord> = {}): JobRecord {
  const now = new Date();
  return {
    id: uuidv7(),
    customerId: uuidv7(),
    serviceType: 'visit',
    durationMinutes: 60,
    priceAmount: 5000,
    currency: 'EUR',
    timeZone: 'UTC',
    roomId: null,
    equipmentIds: [],
    preferredWindows: [],
    notes: null,
    status: 'open',
    cancelReason: null,
    createdAt: now,
    updatedAt: now,
    cancelledAt: null,
    completedAt: null,
    liveAssignmentId: null,
    ...overrides,
  };
}

/** An assignment awaiting its schedule, at version 1, of a one-hour job in UTC. */
export function anAssignmentRecord(overrides: Partial<AssignmentRecord> = {}): AssignmentRecord {
  const now = new Date();
  return {
    id: uuidv7(),
    jobId: uuidv7(),
    practitionerId: uuidv7(),
    providerUserId: uuidv7(),
    customerId: uuidv7(),
    status: 'awaiting_schedule',
    scheduleVersion: 1,
    proposedStart: null,
    proposedEnd: null,
    proposedBy: null,
    proposedByUserId: null,
    proposedAt: null,
    scheduledStart: null,
    scheduledEnd: null,
    confirmedAt: null,
    bookingId: null,
    rejectedAt: null,
    rejectionReason: null,
    completedAt: null,
    cancelledAt: null,
    reminderOverdue: false,
    reminderOverdueAt: null,
    createdAt: now,
    updatedAt: now,
    timeZone: 'UTC',
    durationMinutes: 60,
    ...overrides,
  };
}
