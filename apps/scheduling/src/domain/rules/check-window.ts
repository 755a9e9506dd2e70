import type { ResourceCalendar } from '../resources/resource-calendar';
import { assertValidInterval, Interval } from '../time/interval';
import { conflicts } from './conflicts.rule';
import { notInTimeOff } from './not-in-time-off.rule';
import { Violation } from './violation';
import { withinWorkingHours } from './within-working-hours.rule';

const RULES = [withinWorkingHours, notInTimeOff, conflicts];

/**
 * Every rule over every resource the booking would hold (all or none), in a stable order: the window's own
 * rule first, then per resource in the given order its working hours, time off and conflicts.
 */
export function checkWindow(
  resources: readonly ResourceCalendar[],
  window: Interval,
  now?: Date,
): Violation[] {
  assertValidInterval(window);
  const violations: Violation[] = [];
  if (now && window.start.getTime() < now.getTime()) {
    violations.push({
      code: 'BR_WINDOW_IN_PAST',
      resource_id: null,
      resource_kind: null,
      message: `the window starts at ${window.start.toISOString()}, before now (${now.toISOString()})`,
    });
  }
  for (const resource of resources) {
    for (const rule of RULES) violations.push(...rule(resource, window));
  }
  return violations;
}
