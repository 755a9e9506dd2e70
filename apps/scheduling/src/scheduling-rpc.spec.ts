import { Module } from '@nestjs/common';
import { REMINDER_RPC, SCHEDULING_RPC } from '@slotline/contracts';
import { rpcSubjectsOf, subjectsOf } from '../../../test/support/rpc-handlers';
import { SchedulingModule } from './scheduling.module';

@Module({})
class NoPlatform {}

/** A contract nobody answers is a 503 at run time; a handler without a contract is a subject nobody declared. */
describe('scheduling RPC handlers', () => {
  it('answer every SCHEDULING_RPC and REMINDER_RPC contract exactly once, and nothing else', () => {
    const sut = rpcSubjectsOf(SchedulingModule.register({ module: NoPlatform }));
    expect(sut).toEqual(subjectsOf(SCHEDULING_RPC, REMINDER_RPC));
  });
});
