import { Actor } from '@slotline/contracts';
import {
  anActor,
  capturedLogger,
  InMemoryTransactions,
  RecordingOutbox,
  substitute,
} from '@slotline/testing';
import { AssignmentLocks } from '../assignments/assignment-locks';
import { AssignmentRecord } from '../assignments/assignment.record';
import { AssignmentsRepository } from '../assignments/assignments.repository';
import { SchedulingService } from '../booking/scheduling.service';
import { Interval } from '../domain';
import { JobRecord } from '../jobs/job.record';
import { JobsRepository } from '../jobs/jobs.repository';
import { ResourcesRepository } from '../resources/resources.repository';
import { InMemoryAssignmentsRepository } from './in-memory-assignments.repository';
import { InMemoryJobsRepository } from './in-memory-jobs.repository';
import { InMemoryResourcesRepository } from './in-memory-resources.repository';
import { InMemoryScheduling } from './in-memory-scheduling';
import { aJobRecord, anAssignmentRecord, aPractitionerRecord } from './scheduling-records.factory';

/**
 * The in-memory scheduling store the assignment handlers' specs run against: one transaction runner,
 * the repositories, bookings and outbox enlisted in it, and the real lock order (AssignmentLocks).
 */
export class AssignmentWorld {
  readonly tx = new InMemoryTransactions();
  readonly jobs = new InMemoryJobsRepository(this.tx);
  readonly resources = new InMemoryResourcesRepository(this.tx);
  readonly assignments = new InMemoryAssignmentsRepository(this.tx, this.jobs);
  readonly bookings = new InMemoryScheduling(this.tx);
  readonly outbox = new RecordingOutbox(this.tx, 'scheduling');
  private readonly captured = capturedLogger('scheduling');
  readonly customer = anActor('customer');
  readonly provider = anActor('provider');
  readonly admin = anActor('admin');

  /** The ports to hand to a handler, typed as the real classes. */
  readonly ports = {
    jobs: substitute<JobsRepository>(this.jobs),
    resources: substitute<ResourcesRepository>(this.resources),
    assignments: substitute<AssignmentsRepository>(this.assignments),
    scheduling: substitute<SchedulingService>(this.bookings),
    locks: new AssignmentLocks(
      substitute<JobsRepository>(this.jobs),
      substitute<AssignmentsRepository>(this.assignments),
    ),
    tx: this.tx.runner,
    outbox: this.outbox.writer,
    logger: this.captured.logger,
  };

  /** Every line logged through `ports.logger`, parsed. */
  logs(): Array<Record<string, unknown>> {
    return this.captured.logs.records();
  }

  /** An active practitioner profile of `this.provider`. */
  practitioner(overrides: Parameters<typeof aPractitionerRecord>[1] = {}) {
    return this.resources.rows.insert(aPractitionerRecord(this.provider.user_id, overrides));
  }

  /** An open job of `this.customer`. */
  openJob(overrides: Partial<JobRecord> = {}): JobRecord {
    return this.jobs.rows.insert(aJobRecord({ customerId: this.customer.user_id, ...overrides }));
  }

  /** A job of `this.customer` held by `this.provider`, with its assignment as given (default awaiting). */
  assigned(overrides: Partial<AssignmentRecord> = {}): { job: JobRecord; assignment: AssignmentRecord } {
    const practitioner = this.practitioner();
    const job = this.openJob({ status: 'assigned' });
    const assignment = this.assignments.rows.insert(
      anAssignmentRecord({
        jobId: job.id,
        practitionerId: practitioner.id,
        providerUserId: this.provider.user_id,
        customerId: this.customer.user_id,
        ...overrides,
      }),
    );
    this.jobs.assignedProviders.set(job.id, [this.provider.user_id]);
    return { job: this.jobs.rows.update(job.id, { liveAssignmentId: assignment.id }), assignment };
  }

  /** As `assigned`, scheduled for `window` with a live booking. */
  scheduled(window: Interval, overrides: Partial<AssignmentRecord> = {}) {
    const { job, assignment } = this.assigned({ status: 'scheduled', ...overrides });
    const booking = this.bookings.book(assignment.practitionerId, window, assignment.id);
    const updated = this.assignments.rows.update(assignment.id, {
      scheduledStart: window.start,
      scheduledEnd: window.end,
      bookingId: booking.id,
    });
    return { job, assignment: updated, booking };
  }

  /** Someone who is no party of anything here. */
  stranger(role: Actor['role'] = 'customer'): Actor {
    return anActor(role);
  }
}
