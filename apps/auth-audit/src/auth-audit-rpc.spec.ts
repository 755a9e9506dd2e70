import { Module } from '@nestjs/common';
import { AUDIT_RPC, AUTH_RPC, PROFILE_RPC } from '@slotline/contracts';
import { rpcSubjectsOf, subjectsOf } from '../../../test/support/rpc-handlers';
import { AuthAuditModule } from './auth-audit.module';

@Module({})
class NoPlatform {}

/** A contract nobody answers is a 503 at run time; a handler without a contract is a subject nobody declared. */
describe('auth-audit RPC handlers', () => {
  it('answer every AUTH_RPC, PROFILE_RPC and AUDIT_RPC contract exactly once, and nothing else', () => {
    const sut = rpcSubjectsOf(AuthAuditModule.register({ module: NoPlatform }));
    expect(sut).toEqual(subjectsOf(AUTH_RPC, PROFILE_RPC, AUDIT_RPC));
  });
});
