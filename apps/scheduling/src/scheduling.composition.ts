import { OutboxWriter, RpcOutcomes } from '@slotline/messaging';
import { Metrics } from '@slotline/observability';
import { SERVICE_SCHEMAS, TransactionRunner, uuidv7 } from '@slotline/persistence';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AssignmentLocks } from './assignments/assignment-locks';
import { AssignmentsRepository } from './assignments/assignments.repository';
import { AcceptJobHandler } from './assignments/commands/accept-job/accept-job.handler';
import { AssignJob } from './assignments/commands/accept-job/assign-job';
import { CancelJobHandler } from './assignments/commands/cancel-job/cancel-job.handler';
import { CompleteAssignmentHandler } from './assignments/commands/complete-assignment/complete-assignment.handler';
import { BookAssignment } from './assignments/commands/confirm-schedule/book-assignment';
import { ConfirmScheduleHandler } from './assignments/commands/confirm-schedule/confirm-schedule.handler';
import { ProposeScheduleHandler } from './assignments/commands/propose-schedule/propose-schedule.handler';
import { RecordProposal } from './assignments/commands/propose-schedule/record-proposal';
import { RejectAssignmentHandler } from './assignments/commands/reject-assignment/reject-assignment.handler';
import { RescheduleHandler } from './assignments/commands/reschedule/reschedule.handler';
import { AssignmentQueries } from './assignments/queries/assignment.queries';
import { SubmitScheduleBatchHandler } from './batches/commands/submit-schedule-batch/submit-schedule-batch.handler';
import { ScheduleBatchQueries } from './batches/queries/schedule-batch.queries';
import { ChunkBooker } from './batches/chunk-booker';
import { ChunkBookingsRepository } from './batches/chunk-bookings.repository';
import { BatchSettings, ScheduleBatchOrchestrator } from './batches/schedule-batch.orchestrator';
import { ScheduleBatchWorker } from './batches/schedule-batch.worker';
import { ScheduleBatchesRepository } from './batches/schedule-batches.repository';
import { ScheduleItemProcessor } from './batches/schedule-item.processor';
import { AvailabilityCalendarsRepository } from './availability/availability-calendars.repository';
import { AvailabilityService } from './availability/availability.service';
import { BookingsRepository } from './booking/bookings.repository';
import { CalendarLoader } from './booking/calendar-loader';
import { SchedulingService } from './booking/scheduling.service';
import { JobsRepository } from './jobs/jobs.repository';
import { JobsService } from './jobs/jobs.service';
import { CapacityService } from './reporting/capacity.service';
import { FulfilmentService } from './reporting/fulfilment.service';
import { ReminderService, ReminderSettings } from './reminders/reminder.service';
import { RemindersRepository } from './reminders/reminders.repository';
import { MyPractitionerService } from './resources/my-practitioner.service';
import { ResourcesRepository } from './resources/resources.repository';
import { ResourcesService } from './resources/resources.service';

export interface SchedulingInfrastructure {
  dataSource: DataSource;
  tx: TransactionRunner;
  outbox: OutboxWriter;
  logger: Logger;
  metrics: Metrics;
  /** The reminder worker's settings (SCH-9); defaults as in SchedulingConfig. */
  reminders?: Partial<ReminderSettings>;
  /** SCH-8 orchestrator settings; tests shorten the lease and name the replica. */
  batches?: { pollMs?: number; owner?: string; settings?: Partial<BatchSettings> };
  /** Tests pin the clock; production uses the system time. */
  now?: () => Date;
  /** The service's schema (SERVICE_SCHEMAS); integration tests may pass a private one. */
  schema?: string;
}

/** The object graph of the scheduling service, shared by the Nest module and the integration tests. */
export function composeScheduling(infra: SchedulingInfrastructure) {
  const { dataSource: db, tx, outbox, logger, now } = infra;
  const schema = infra.schema ?? SERVICE_SCHEMAS.scheduling.schema;
  const resourcesRepo = new ResourcesRepository(db, schema);
  const bookingsRepo = new BookingsRepository(db, schema);
  const jobsRepo = new JobsRepository(db, schema);
  const assignmentsRepo = new AssignmentsRepository(db, schema);
  const calendars = new CalendarLoader(bookingsRepo, db);
  const locks = new AssignmentLocks(jobsRepo, assignmentsRepo);
  const scheduling = new SchedulingService({
    resources: resourcesRepo,
    bookings: bookingsRepo,
    calendars,
    now,
  });
  const assigner = new AssignJob({
    jobs: jobsRepo,
    assignments: assignmentsRepo,
    resources: resourcesRepo,
    outbox,
  });
  const booker = new BookAssignment({ assignments: assignmentsRepo, scheduling, outbox, logger, now });
  const resources = new ResourcesService({ repo: resourcesRepo, tx, outbox, now });
  const requeued = infra.metrics.counter(
    'assignments_requeued_total',
    'Assignments rejected after acceptance whose job went back to open',
  );
  const fulfilment = new FulfilmentService(assignmentsRepo);
  fulfilment.registerGauges(infra.metrics);
  const reminders = new ReminderService({
    repo: new RemindersRepository(db, schema),
    tx,
    outbox,
    settings: { lookaheadMinutes: 1440, slaMinutes: 2880, batchSize: 500, ...infra.reminders },
    sent: infra.metrics.counter('reminder_sent_total', 'Reminders emitted by the reminder worker', ['kind']),
    now,
  });
  const batchesRepo = new ScheduleBatchesRepository(db, schema);
  const scheduleItems = new ScheduleItemProcessor({ locks, assigner, booker, scheduling });
  const scheduleChunks = new ChunkBooker({
    chunks: new ChunkBookingsRepository(schema),
    resources: resourcesRepo,
    bookings: bookingsRepo,
    outbox,
    now,
  });
  const orchestrator = new ScheduleBatchOrchestrator({
    batches: batchesRepo,
    items: scheduleItems,
    chunks: scheduleChunks,
    booker,
    tx,
    logger,
    owner: infra.batches?.owner ?? `${hostname()}:${process.pid}:${uuidv7().slice(-12)}`,
    settings: infra.batches?.settings,
    processed: infra.metrics.counter(
      'schedule_batch_items_total',
      'Schedule batch items settled, by outcome',
      ['status'],
    ),
    retried: infra.metrics.counter(
      'schedule_batch_retries_total',
      'Schedule batch chunks retried after a serialization failure, deadlock or statement timeout',
    ),
  });
  const batchWorker = new ScheduleBatchWorker(orchestrator, infra.batches?.pollMs ?? 1000, logger);
  const proposals = new RecordProposal({ assignments: assignmentsRepo, scheduling, outbox, logger });
  return {
    scheduling,
    booker,
    scheduleItems,
    scheduleChunks,
    orchestrator,
    batchWorker,
    submitScheduleBatch: new SubmitScheduleBatchHandler({
      batches: batchesRepo,
      tx,
      logger,
      submitted: () => batchWorker.kick(),
    }),
    scheduleBatchQueries: new ScheduleBatchQueries(batchesRepo),
    resources,
    myPractitioner: new MyPractitionerService(resources, resourcesRepo),
    jobs: new JobsService({ jobs: jobsRepo, resources: resourcesRepo, tx, outbox }),
    assignmentQueries: new AssignmentQueries(assignmentsRepo),
    acceptJob: new AcceptJobHandler({ resources: resourcesRepo, assigner, tx, logger }),
    proposeSchedule: new ProposeScheduleHandler({ locks, proposals, tx }),
    reschedule: new RescheduleHandler({ locks, proposals, tx }),
    confirmSchedule: new ConfirmScheduleHandler({
      locks,
      scheduling,
      tx,
      outcomes: new RpcOutcomes(schema),
      booker,
    }),
    rejectAssignment: new RejectAssignmentHandler({
      jobs: jobsRepo,
      assignments: assignmentsRepo,
      locks,
      scheduling,
      tx,
      outbox,
      logger,
      requeued,
    }),
    completeAssignment: new CompleteAssignmentHandler({
      jobs: jobsRepo,
      assignments: assignmentsRepo,
      locks,
      tx,
      outbox,
      logger,
    }),
    cancelJob: new CancelJobHandler({
      jobs: jobsRepo,
      assignments: assignmentsRepo,
      scheduling,
      tx,
      outbox,
      logger,
    }),
    availability: new AvailabilityService({
      resources: resourcesRepo,
      calendars,
      reads: new AvailabilityCalendarsRepository(db, schema),
      now,
    }),
    capacity: new CapacityService(resourcesRepo, calendars),
    fulfilment,
    reminders,
    reminderFailures: infra.metrics.counter('reminder_failed_total', 'Reminder worker ticks that failed'),
  };
}

export type SchedulingComposition = ReturnType<typeof composeScheduling>;
