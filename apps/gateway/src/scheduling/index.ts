import {
  AdminEquipmentController,
  AdminPractitionersController,
  AdminRoomsController,
} from './admin-resources.controller';
import { AssignmentsController } from './assignments.controller';
import { AvailabilityController } from './availability.controller';
import { JobsController } from './jobs.controller';
import { MyPractitionerController } from './my-practitioner.controller';
import { RemindersAdminController } from './reminders-admin.controller';
import { ScheduleBatchesController } from './schedule-batches.controller';
import { SchedulingAdminController } from './scheduling-admin.controller';

/** Every HTTP route of the scheduling context, for GatewayModule. */
export const SCHEDULING_CONTROLLERS = [
  JobsController,
  AssignmentsController,
  MyPractitionerController,
  AvailabilityController,
  AdminPractitionersController,
  AdminRoomsController,
  AdminEquipmentController,
  SchedulingAdminController,
  RemindersAdminController,
  ScheduleBatchesController,
];
