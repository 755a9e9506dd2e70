import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { PUBLIC_ROUTE } from '@slotline/health';
import { REQUIRED_PERMISSION } from '../../apps/gateway/src/auth/route-access.decorators';
import { TestPlatform } from '../support/test-platform';

/** GW-2 default deny: this test fails the build if any gateway route declares neither. */
describe('every gateway route declares a permission or @Public()', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await TestPlatform.start({ apps: ['gateway'] });
  });

  afterAll(() => platform.stop());

  it('has no undeclared route', () => {
    const modules = platform.apps.get('gateway')!.app.get(ModulesContainer);
    const routes: Array<{ route: string; declared: boolean }> = [];
    for (const mod of modules.values()) {
      for (const wrapper of mod.controllers.values()) {
        const cls = wrapper.metatype as (new (...a: unknown[]) => unknown) | null;
        if (!cls) continue;
        const base = Reflect.getMetadata(PATH_METADATA, cls) as string;
        for (const name of Object.getOwnPropertyNames(cls.prototype)) {
          const handler = cls.prototype[name];
          if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
          const declared = [handler, cls].some(
            (t) => Reflect.getMetadata(PUBLIC_ROUTE, t) === true || typeof Reflect.getMetadata(REQUIRED_PERMISSION, t) === 'string',
          );
          const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
          routes.push({ route: `${method} /${base}/${Reflect.getMetadata(PATH_METADATA, handler)}`, declared });
        }
      }
    }
    expect(routes.length).toBeGreaterThan(4);
    expect(routes.filter((r) => !r.declared).map((r) => r.route)).toEqual([]);
  });
});
