import { EventEnvelope } from '@slotline/contracts';
import { actionOf, auditDraftFromEvent } from './audit-event.mapper';

const envelope = (overrides: Partial<EventEnvelope>): EventEnvelope => ({
  id: '0190C1D2-0000-7000-8000-00000000000A',
  type: 'evt.auth.session.login_succeeded.v1',
  occurred_at: '2026-03-29T01:30:00.123456+01:00',
  producer: 'auth-audit',
  actor: null,
  request_id: 'req-1',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  idempotency_key: null,
  data: {},
  ...overrides,
});

describe(auditDraftFromEvent.name, () => {
  it('names the action after the event type without evt. and the version', () => {
    expect(actionOf('evt.scheduling.assignment.schedule_confirmed.v12')).toBe(
      'scheduling.assignment.schedule_confirmed',
    );
  });

  it('takes the actor from the envelope and the resource from the aggregate id', () => {
    const sut = auditDraftFromEvent(
      envelope({
        actor: { user_id: 'u1', role: 'customer' },
        data: { user_id: 'u1', session_id: 's1', ip: '203.0.113.7' },
      }),
    );
    expect(sut).toMatchObject({
      action: 'auth.session.login_succeeded',
      actor_id: 'u1',
      actor_role: 'customer',
      resource_type: 'session',
      resource_id: 's1',
      outcome: 'success',
      ip: '203.0.113.7',
      trace_id: '0af7651916cd43dd8448eb211c80319c',
      request_id: 'req-1',
      source_event_id: '0190c1d2-0000-7000-8000-00000000000a',
    });
    expect(sut.occurred_at.toISOString()).toBe('2026-03-29T00:30:00.123Z');
    expect(sut.metadata).toEqual({
      event_type: 'evt.auth.session.login_succeeded.v1',
      producer: 'auth-audit',
      data: { user_id: 'u1', session_id: 's1' },
    });
  });

  it('prefers what the event states explicitly', () => {
    const sut = auditDraftFromEvent(
      envelope({
        type: 'evt.gateway.access.denied.v1',
        actor: { user_id: 'u2', role: 'provider' },
        data: {
          action: 'rbac_deny',
          outcome: 'denied',
          resource_type: 'route',
          resource_id: 'GET /v1/admin/audit-logs',
          user_agent: 'curl/8',
          reason: 'role lacks audit:read',
        },
      }),
    );
    expect(sut).toMatchObject({
      action: 'rbac_deny',
      outcome: 'denied',
      resource_type: 'route',
      resource_id: 'GET /v1/admin/audit-logs',
      user_agent: 'curl/8',
    });
    expect(sut.metadata.data).toEqual({ reason: 'role lacks audit:read' });
  });

  it('ignores a stated action the audit-log filter could not match', () => {
    const sut = auditDraftFromEvent(
      envelope({ type: 'evt.gateway.access.denied.v1', data: { action: 'Not An Action!' } }),
    );
    expect(sut.action).toBe('gateway.access.denied');
  });

  it.each([
    ['evt.auth.session.login_failed.v1', 'failure'],
    ['evt.auth.refresh_token.refresh_reused.v1', 'failure'],
    ['evt.payouts.payout.denied.v1', 'success'],
    ['evt.scheduling.assignment.rejected.v1', 'success'],
  ])('derives the outcome of %s as %s', (type, outcome) => {
    expect(auditDraftFromEvent(envelope({ type })).outcome).toBe(outcome);
  });

  it('records an unknown shape generically', () => {
    const sut = auditDraftFromEvent(envelope({ type: 'evt.billing.thing.happened.v1', data: ['a', 1] }));
    expect(sut).toMatchObject({
      action: 'billing.thing.happened',
      actor_id: null,
      resource_type: 'thing',
      resource_id: null,
      outcome: 'success',
    });
    expect(sut.metadata.data).toEqual(['a', 1]);
  });
});
