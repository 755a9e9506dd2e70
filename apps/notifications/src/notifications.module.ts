import { DynamicModule, Module } from '@nestjs/common';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({})
export class NotificationsModule {
  static register(platform: DynamicModule): DynamicModule {
    return {
      module: NotificationsModule,
      imports: [platform, WebhooksModule],
      controllers: [],
      providers: [],
    };
  }
}
