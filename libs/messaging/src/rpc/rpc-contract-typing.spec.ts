import { Controller } from '@nestjs/common';
import { defineRpc } from '@slotline/contracts';
import { RpcClient } from './rpc-client';
import { RpcHandler } from './rpc-handler.decorator';

class ProbeRef {
  id!: string;
}

interface ProbeView {
  id: string;
  name: string;
}

const PROBE = defineRpc<ProbeRef, ProbeView>('probe.things.get', {
  request: ProbeRef,
  errors: ['NF_RESOURCE'],
});

/*
 * Compile-time checks: `npm run typecheck` (part of `npm test`) fails when an expected error goes away,
 * so a bare-subject overload or an unchecked handler cannot come back unnoticed.
 */
export async function callerChecks(rpc: RpcClient): Promise<void> {
  const view: ProbeView = await rpc.request(PROBE, { id: 'a' });
  void view;
  // @ts-expect-error a bare subject is no contract: declare it with defineRpc in libs/contracts
  await rpc.request('probe.things.get', { id: 'a' });
  // @ts-expect-error the payload must be the contract's request
  await rpc.request(PROBE, { name: 'a' });
  // @ts-expect-error the response type comes from the contract, not from the caller's annotation
  const wrong: { other: number } = await rpc.request(PROBE, { id: 'a' });
  void wrong;
}

@Controller()
export class ProbeController {
  @RpcHandler(PROBE)
  get(ref: ProbeRef): ProbeView {
    return { id: ref.id, name: 'probe' };
  }

  // @ts-expect-error a handler whose result does not match the contract's response is refused
  @RpcHandler(PROBE)
  getWrong(ref: ProbeRef): { id: string } {
    return { id: ref.id };
  }
}

describe(RpcHandler.name, () => {
  it('subscribes the handler to the subject of its contract', () => {
    const pattern: unknown = Reflect.getMetadata('microservices:pattern', ProbeController.prototype.get);
    expect(pattern).toEqual(['probe.things.get']);
  });
});
