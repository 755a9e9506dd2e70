import { SchedulingOutbox1764000000000 } from './1764000000000-outbox';

export const SCHEDULING_MIGRATIONS = [SchedulingOutbox1764000000000];
