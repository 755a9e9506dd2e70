import { IsString } from 'class-validator';
import { defineEvent, eventContractOf } from '../events/event-registry';
import { defineRpc } from './define-rpc';

class ProbeRequest {
  @IsString()
  id!: string;
}

describe(defineRpc.name, () => {
  it('keeps the subject, request class and error codes of a contract', () => {
    const sut = defineRpc<ProbeRequest, { ok: boolean }>('probe.things.get', {
      request: ProbeRequest,
      errors: ['NF_RESOURCE'],
    });
    expect(sut).toEqual({ subject: 'probe.things.get', request: ProbeRequest, errors: ['NF_RESOURCE'] });
    expect(Object.isFrozen(sut)).toBe(true);
  });

  it('refuses a subject that is not dot-separated lower_snake_case', () => {
    expect(() => defineRpc('Probe Things')).toThrow(/lower_snake_case/);
  });
});

describe(defineEvent.name, () => {
  it('registers a type once and finds it again', () => {
    const sut = defineEvent('evt.probe.thing.happened.v1', ProbeRequest);
    expect(eventContractOf('evt.probe.thing.happened.v1')).toBe(sut);
    expect(() => defineEvent('evt.probe.thing.happened.v1', ProbeRequest)).toThrow(/twice/);
  });

  it('refuses a type outside the evt.<context>.<aggregate>.<event>.v<n> pattern', () => {
    expect(() => defineEvent('probe.happened', ProbeRequest)).toThrow(/must match/);
  });
});
