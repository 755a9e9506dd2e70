import type { DynamicModule, Type } from '@nestjs/common';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';

type ModuleRef = Type<unknown> | DynamicModule;

/** Every NATS subject the controllers of a module tree answer (their @RpcHandler / @MessagePattern). */
export function rpcSubjectsOf(root: ModuleRef): string[] {
  const subjects: string[] = [];
  const seen = new Set<unknown>();
  const visit = (mod: ModuleRef): void => {
    if (seen.has(mod)) return;
    seen.add(mod);
    const cls = 'module' in mod ? mod.module : mod;
    const dynamic = 'module' in mod ? mod : undefined;
    const controllers: Type<unknown>[] = [
      ...(Reflect.getMetadata('controllers', cls) ?? []),
      ...(dynamic?.controllers ?? []),
    ];
    for (const controller of controllers) {
      for (const key of Object.getOwnPropertyNames(controller.prototype)) {
        const handler: unknown = Object.getOwnPropertyDescriptor(controller.prototype, key)?.value;
        if (typeof handler !== 'function') continue;
        const patterns: unknown[] | undefined = Reflect.getMetadata(PATTERN_METADATA, handler);
        for (const p of patterns ?? []) if (typeof p === 'string') subjects.push(p);
      }
    }
    const imports: ModuleRef[] = [
      ...(Reflect.getMetadata('imports', cls) ?? []),
      ...(dynamic?.imports ?? []),
    ];
    for (const imported of imports) if (imported) visit(imported);
  };
  visit(root);
  return subjects.sort();
}

/** The subjects of a map of contracts (`SCHEDULING_RPC`, …). */
export function subjectsOf(...contracts: Array<Record<string, { subject: string }>>): string[] {
  return contracts.flatMap((c) => Object.values(c).map((rpc) => rpc.subject)).sort();
}
