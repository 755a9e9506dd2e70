import { SchedulingOutbox1764000000000 } from './1764000000000-outbox';
import { SchedulingCore1764100000000 } from './1764100000000-scheduling-core';
import { SchedulingReminders1764200000000 } from './1764200000000-reminders';
import { SchedulingRpcOutcomes1764800000008 } from './1764800000008-rpc-outcomes';
import { SchedulingScheduleBatches1764900000000 } from './1764900000000-schedule-batches';

export const SCHEDULING_MIGRATIONS = [
  SchedulingOutbox1764000000000,
  SchedulingCore1764100000000,
  SchedulingReminders1764200000000,
  SchedulingRpcOutcomes1764800000008,
  SchedulingScheduleBatches1764900000000,
];
