/** Domain events scheduling publishes through its outbox (`evt.scheduling.<aggregate>.<event>.v1`). */
export const SCHEDULING_EVENTS = {
  jobCreated: 'evt.scheduling.job.created.v1',
  jobCancelled: 'evt.scheduling.job.cancelled.v1',
  jobRequeued: 'evt.scheduling.job.requeued.v1',
  assignmentAccepted: 'evt.scheduling.assignment.accepted.v1',
  scheduleProposed: 'evt.scheduling.assignment.schedule_proposed.v1',
  scheduleConfirmed: 'evt.scheduling.assignment.schedule_confirmed.v1',
  assignmentRejected: 'evt.scheduling.assignment.rejected.v1',
  assignmentCompleted: 'evt.scheduling.assignment.completed.v1',
  /** An admin completed a visit before its start, with a reason (audited; follows `completed`). */
  assignmentCompletedEarly: 'evt.scheduling.assignment.completed_early.v1',
  assignmentCancelled: 'evt.scheduling.assignment.cancelled.v1',
  bookingCreated: 'evt.scheduling.booking.created.v1',
  bookingReleased: 'evt.scheduling.booking.released.v1',
  resourceCreated: 'evt.scheduling.resource.created.v1',
  resourceUpdated: 'evt.scheduling.resource.updated.v1',
  resourceDeactivated: 'evt.scheduling.resource.deactivated.v1',
  timeOffAdded: 'evt.scheduling.time_off.added.v1',
  timeOffRemoved: 'evt.scheduling.time_off.removed.v1',
} as const;

export type SchedulingEventType = (typeof SCHEDULING_EVENTS)[keyof typeof SCHEDULING_EVENTS];
