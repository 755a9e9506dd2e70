import { IsOptional, IsString, MaxLength } from 'class-validator';

/** What the gateway adds to a command about the HTTP client (for the session record and audit events). */
export class ClientContext {
  @IsString()
  @MaxLength(64)
  ip: string;

  @IsOptional()
  @IsString()
  @MaxLength(512)
  user_agent?: string;
}

// TypeScript requires exactly `any[]` for a mixin's constructor arguments.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Constructor<T = object> = new (...args: any[]) => T;

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
