import { MessagePattern } from '@nestjs/microservices';
import type { RpcContract } from '@slotline/contracts';

type HandlerOf<Req, Res> = (payload: Req, ...rest: never[]) => Res | Promise<Res>;

/**
 * `@MessagePattern` for a declared contract. The compiler rejects a handler whose payload or result
 * does not match the contract, so caller and service cannot drift apart.
 */
export function RpcHandler<Req, Res>(contract: RpcContract<Req, Res>) {
  return <T extends HandlerOf<Req, Res>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<T>,
  ): void => {
    MessagePattern(contract.subject)(target, key, descriptor);
  };
}
