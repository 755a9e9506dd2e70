import { DynamicModule, Module, Provider } from '@nestjs/common';
import { APP_CONFIG, LOGGER } from '@slotline/bootstrap';
import { OutboxWriter } from '@slotline/messaging';
import { Metrics } from '@slotline/observability';
import { TransactionRunner } from '@slotline/persistence';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AssignmentsController } from './assignments/assignments.controller';
import { AcceptJobHandler } from './assignments/commands/accept-job/accept-job.handler';
import { CancelJobHandler } from './assignments/commands/cancel-job/cancel-job.handler';
import { CompleteAssignmentHandler } from './assignments/commands/complete-assignment/complete-assignment.handler';
import { ConfirmScheduleHandler } from './assignments/commands/confirm-schedule/confirm-schedule.handler';
import { ProposeScheduleHandler } from './assignments/commands/propose-schedule/propose-schedule.handler';
import { RejectAssignmentHandler } from './assignments/commands/reject-assignment/reject-assignment.handler';
import { RescheduleHandler } from './assignments/commands/reschedule/reschedule.handler';
import { AssignmentQueries } from './assignments/queries/assignment.queries';
import { SubmitScheduleBatchHandler } from './batches/commands/submit-schedule-batch/submit-schedule-batch.handler';
import { ScheduleBatchQueries } from './batches/queries/schedule-batch.queries';
import { ScheduleBatchesController } from './batches/schedule-batches.controller';
import { ScheduleBatchWorker } from './batches/schedule-batch.worker';
import { AvailabilityController } from './availability/availability.controller';
import { AvailabilityService } from './availability/availability.service';
import { SchedulingConfig } from './config/scheduling.config';
import { SchedulingService } from './booking/scheduling.service';
import { JobsController } from './jobs/jobs.controller';
import { JobsService } from './jobs/jobs.service';
import { CapacityService } from './reporting/capacity.service';
import { FulfilmentService } from './reporting/fulfilment.service';
import { ReportingController } from './reporting/reporting.controller';
import { ReminderService } from './reminders/reminder.service';
import { ReminderWorker } from './reminders/reminder.worker';
import { RemindersController } from './reminders/reminders.controller';
import { MyPractitionerController } from './resources/my-practitioner.controller';
import { MyPractitionerService } from './resources/my-practitioner.service';
import { ResourcesController } from './resources/resources.controller';
import { ResourcesService } from './resources/resources.service';
import { composeScheduling, SchedulingComposition } from './scheduling.composition';

const COMPOSITION = Symbol('SCHEDULING_COMPOSITION');

const fromComposition = (
  provide: abstract new (...args: never[]) => unknown,
  pick: (c: SchedulingComposition) => unknown,
): Provider => ({
  provide,
  inject: [COMPOSITION],
  useFactory: pick,
});

@Module({})
export class SchedulingModule {
  static register(platform: DynamicModule): DynamicModule {
    return {
      module: SchedulingModule,
      imports: [platform],
      controllers: [
        ResourcesController,
        MyPractitionerController,
        JobsController,
        AssignmentsController,
        AvailabilityController,
        ReportingController,
        RemindersController,
        ScheduleBatchesController,
      ],
      providers: [
        {
          provide: COMPOSITION,
          inject: [DataSource, TransactionRunner, OutboxWriter, LOGGER, Metrics, APP_CONFIG],
          useFactory: (
            dataSource: DataSource,
            tx: TransactionRunner,
            outbox: OutboxWriter,
            logger: Logger,
            metrics: Metrics,
            c: SchedulingConfig,
          ) =>
            composeScheduling({
              dataSource,
              tx,
              outbox,
              logger,
              metrics,
              batches: { pollMs: c.SCHEDULE_BATCH_POLL_MS, settings: { leaseMs: c.SCHEDULE_BATCH_LEASE_MS } },
              reminders: {
                lookaheadMinutes: c.REMINDER_LOOKAHEAD_MINUTES,
                slaMinutes: c.SCHEDULING_SLA_MINUTES,
                batchSize: c.REMINDER_BATCH_SIZE,
              },
            }),
        },
        fromComposition(SchedulingService, (c) => c.scheduling),
        fromComposition(ResourcesService, (c) => c.resources),
        fromComposition(MyPractitionerService, (c) => c.myPractitioner),
        fromComposition(JobsService, (c) => c.jobs),
        fromComposition(AssignmentQueries, (c) => c.assignmentQueries),
        fromComposition(AcceptJobHandler, (c) => c.acceptJob),
        fromComposition(ProposeScheduleHandler, (c) => c.proposeSchedule),
        fromComposition(RescheduleHandler, (c) => c.reschedule),
        fromComposition(ConfirmScheduleHandler, (c) => c.confirmSchedule),
        fromComposition(RejectAssignmentHandler, (c) => c.rejectAssignment),
        fromComposition(CompleteAssignmentHandler, (c) => c.completeAssignment),
        fromComposition(CancelJobHandler, (c) => c.cancelJob),
        fromComposition(AvailabilityService, (c) => c.availability),
        fromComposition(CapacityService, (c) => c.capacity),
        fromComposition(FulfilmentService, (c) => c.fulfilment),
        fromComposition(ReminderService, (c) => c.reminders),
        fromComposition(SubmitScheduleBatchHandler, (c) => c.submitScheduleBatch),
        fromComposition(ScheduleBatchQueries, (c) => c.scheduleBatchQueries),
        fromComposition(ScheduleBatchWorker, (c) => c.batchWorker),
        {
          provide: ReminderWorker,
          inject: [COMPOSITION, APP_CONFIG, LOGGER],
          useFactory: (c: SchedulingComposition, config: SchedulingConfig, logger: Logger) =>
            new ReminderWorker(c.reminders, config.REMINDER_CRON, logger, c.reminderFailures),
        },
      ],
    };
  }
}
