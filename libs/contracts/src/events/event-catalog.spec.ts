import { AUDIT_EVENTS } from '../audit/audit.subjects';
import { AUTH_EVENTS } from '../auth/auth.subjects';
import { SCHEDULING_EVENTS } from '../scheduling/scheduling.subjects';
import * as contracts from '../index';
import { eventDataProblems, registeredEventTypes } from './event-registry';

describe('event catalog', () => {
  it('declares a payload class for every event type a service emits', () => {
    const named = [AUDIT_EVENTS, AUTH_EVENTS, SCHEDULING_EVENTS].flatMap((group) => Object.values(group));
    const sut = registeredEventTypes();

    expect(named.filter((type) => !sut.includes(type))).toEqual([]);
    const declared = [
      contracts.ACCOUNT_EVENTS,
      contracts.AUDIT_EVENT_CONTRACTS,
      contracts.AUTH_EVENT_CONTRACTS,
      contracts.PAYOUT_EVENTS,
      contracts.REMINDER_EVENTS,
      contracts.SCHEDULING_EVENT_CONTRACTS,
      contracts.WEBHOOK_EVENTS,
    ].flatMap((group) => Object.values(group).map((c) => c.type));
    // The same groups make up the compile-time catalog (event-catalog.ts): nothing registered is missing.
    expect([...declared].sort()).toEqual(sut);
  });

  it('names each field that breaks a rule, never its value', () => {
    const sut = eventDataProblems(AUTH_EVENTS.userRegistered, { user_id: 'jane@example.com', role: 'root' });

    expect(sut).toEqual({ unknownType: false, problems: ['user_id: isUuid', 'role: isIn'] });
  });

  it('tells an unknown type from bad data', () => {
    expect(eventDataProblems('evt.nobody.thing.happened.v1', {}).unknownType).toBe(true);
    expect(eventDataProblems(AUTH_EVENTS.userRegistered, null)).toEqual({
      unknownType: false,
      problems: ['data must be an object'],
    });
  });
});
