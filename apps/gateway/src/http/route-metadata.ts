import type { ExecutionContext } from '@nestjs/common';

type Target = (...args: never[]) => unknown;

/**
 * A reader of a route's decorator metadata that reads each route (handler and controller class) once:
 * decorators are applied when the classes are defined, so what they say never changes afterwards, and
 * the guards that need it run on every request.
 */
export function perRoute<T>(read: (targets: [Target, Target]) => T): (context: ExecutionContext) => T {
  const byHandler = new WeakMap<Target, Map<Target, T>>();
  return (context) => {
    const handler = context.getHandler() as Target;
    const cls = context.getClass() as unknown as Target;
    let byClass = byHandler.get(handler);
    if (!byClass) byHandler.set(handler, (byClass = new Map()));
    if (!byClass.has(cls)) byClass.set(cls, read([handler, cls]));
    return byClass.get(cls) as T;
  };
}
