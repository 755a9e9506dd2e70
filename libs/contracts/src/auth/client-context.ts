import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Constructor } from '../mixin';

/** `class RefreshCommand extends WithClientContext(RefreshRequest) {}`: the HTTP body plus ClientContext. */
export function WithClientContext<TBase extends Constructor>(Base: TBase) {
  class WithClient extends Base {
    @IsString()
    @MaxLength(64)
    ip: string;

    @IsOptional()
    @IsString()
    @MaxLength(512)
    user_agent?: string;
  }
  return WithClient;
}

/** What the gateway adds to a command about the HTTP client (for the session record and audit events). */
export class ClientContext extends WithClientContext(class {}) {}
