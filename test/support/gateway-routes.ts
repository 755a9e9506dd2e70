import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { Permission } from '@slotline/contracts';
import { PUBLIC_ROUTE } from '@slotline/health';
import { REQUIRED_PERMISSION } from '../../apps/gateway/src/auth/route-access.decorators';

export interface GatewayRoute {
  method: string;
  path: string;
  isPublic: boolean;
  permission?: Permission;
}

/** Every route the gateway's controllers declare, with its access metadata. */
export function gatewayRoutes(app: INestApplication): GatewayRoute[] {
  const routes: GatewayRoute[] = [];
  for (const mod of app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const cls = wrapper.metatype as (new (...a: unknown[]) => unknown) | null;
      if (!cls) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, cls) ?? '');
      for (const name of Object.getOwnPropertyNames(cls.prototype)) {
        const handler = cls.prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const sub = Reflect.getMetadata(PATH_METADATA, handler);
        if (sub === undefined) continue;
        const meta = <T>(key: string) =>
          (Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, cls)) as T | undefined;
        const path = `/${[base, String(sub)].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/');
        routes.push({
          method: RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number],
          path,
          isPublic: meta<boolean>(PUBLIC_ROUTE) === true,
          permission: meta<Permission>(REQUIRED_PERMISSION),
        });
      }
    }
  }
  return routes;
}
