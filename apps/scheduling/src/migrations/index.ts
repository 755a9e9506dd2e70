import { SchedulingOutbox1764000000000 } from './1764000000000-outbox';
import { SchedulingCore1764100000000 } from './1764100000000-scheduling-core';

export const SCHEDULING_MIGRATIONS = [SchedulingOutbox1764000000000, SchedulingCore1764100000000];
