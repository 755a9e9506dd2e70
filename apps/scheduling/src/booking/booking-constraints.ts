import { AppError } from '@slotline/errors';
import type { ConstraintErrorMap } from '@slotline/persistence';

/** Names of the exclusion constraints on scheduling.booking_resources (migration 1764100000000). */
export const BOOKING_CONSTRAINTS = {
  practitioner: 'booking_resources_practitioner_excl',
  room: 'booking_resources_room_excl',
  equipment: 'booking_resources_equipment_excl',
} as const;

/**
 * What a violated exclusion constraint means, handed to scheduling's TransactionRunner. The constraint
 * is the guarantee under concurrency; the pre-check in SchedulingService is what normally answers,
 * with the clashing window in `details`.
 */
export const BOOKING_CONSTRAINT_ERRORS: ConstraintErrorMap = {
  [BOOKING_CONSTRAINTS.practitioner]: () =>
    new AppError('CF_PRACTITIONER_BUSY', 'The practitioner was booked for an overlapping time a moment ago.'),
  [BOOKING_CONSTRAINTS.room]: () =>
    new AppError('CF_ROOM_BUSY', 'The room was booked for an overlapping time a moment ago.'),
  [BOOKING_CONSTRAINTS.equipment]: () =>
    new AppError('CF_RESOURCE_BUSY', 'The equipment was booked for an overlapping time a moment ago.'),
};
