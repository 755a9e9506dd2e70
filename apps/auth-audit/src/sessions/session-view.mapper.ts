import { SessionView } from '@slotline/contracts';
import { SessionRecord } from './session.record';

export function toSessionView(session: SessionRecord, currentSessionId: string | null): SessionView {
  return {
    id: session.id,
    user_agent: session.userAgent,
    ip: session.ip,
    aal: session.aal,
    created_at: session.createdAt.toISOString(),
    last_used_at: session.lastUsedAt.toISOString(),
    current: session.id === currentSessionId,
  };
}
