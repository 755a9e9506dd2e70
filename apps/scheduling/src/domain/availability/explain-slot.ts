import { checkWindow } from '../rules/check-window';
import type { ViolationCode } from '../rules/violation';
import type { ResourceCalendar } from '../resources/resource-calendar';
import type { Interval } from '../time/interval';
import { ZoneClock } from '../time/zone-clock';

export interface SlotExplanationQuery {
  resources: ResourceCalendar[];
  window: Interval;
  now?: Date;
  /** Zone of the clashing windows in the answer; UTC by default. */
  outputTimeZone?: string;
}

export interface SlotReason {
  code: ViolationCode;
  /** null only for BR_WINDOW_IN_PAST. */
  resource_id: string | null;
  message: string;
  clashing?: { start: string; end: string };
}

export interface SlotExplanation {
  available: boolean;
  reasons: SlotReason[];
}

/** Why a window is or is not bookable for all the given resources: every failing rule, not just the first. */
export function explainSlot(query: SlotExplanationQuery): SlotExplanation {
  const output = ZoneClock.for(query.outputTimeZone ?? 'UTC');
  const reasons = checkWindow(query.resources, query.window, query.now).map((violation): SlotReason => ({
    code: violation.code,
    resource_id: violation.resource_id,
    message: violation.message,
    ...(violation.clashing && {
      clashing: {
        start: output.format(violation.clashing.start.getTime()),
        end: output.format(violation.clashing.end.getTime()),
      },
    }),
  }));
  return { available: reasons.length === 0, reasons };
}
