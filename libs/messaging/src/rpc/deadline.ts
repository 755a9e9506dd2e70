import { RPC_HEADERS } from '@slotline/contracts';
import { currentDeadline } from '@slotline/observability';

/** What a NATS message's headers offer: nats.js `MsgHdrs` and Nest's `NatsContext.getHeaders()` both fit. */
interface HeaderReader {
  get(name: string): string;
}

/**
 * The deadline a caller sends with a request that it waits `timeoutMs` for. A slice of the wait is
 * kept back (a tenth, 50–500 ms) for the service's COMMIT and the reply to travel: a service that
 * checks the deadline just before committing then answers before the caller gives up, so a timeout
 * seen by the caller means the work was abandoned. A nested call never outlives its own caller.
 * Services compare it with their own clock: replicas are expected to run NTP-synchronised clocks.
 */
export function deadlineFor(timeoutMs: number, now = Date.now()): number {
  const margin = Math.min(500, Math.max(50, Math.round(timeoutMs / 10)));
  const own = now + Math.max(timeoutMs - margin, 1);
  const inherited = currentDeadline();
  return inherited === undefined ? own : Math.min(own, inherited);
}

/** The deadline a request carries, or null when it has none (or an unreadable one, which is ignored). */
export function readDeadline(headers: HeaderReader | undefined): number | null {
  const raw = headers?.get(RPC_HEADERS.deadline);
  if (!raw || !/^\d{1,15}$/.test(raw)) return null;
  return Number(raw);
}
