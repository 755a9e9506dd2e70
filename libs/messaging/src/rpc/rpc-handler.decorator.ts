import { MessagePattern } from '@nestjs/microservices';
import type { RpcContract } from '@slotline/contracts';
import type { SerializedJson } from './serialized-json';

/** A handler answers the contract's value, or that value already written as JSON (`SerializedJson`). */
type HandlerOf<Req, Res> = (
  payload: Req,
  ...rest: never[]
) => Res | SerializedJson<Res> | Promise<Res | SerializedJson<Res>>;

/**
 * `@MessagePattern` for a declared contract. The compiler rejects a handler whose payload or result
 * does not match the contract, so caller and service cannot drift apart. (`SerializedJson<Res>` is typed
 * by what its bytes encode, and PrefixedNatsServer sends those bytes as the value.)
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
