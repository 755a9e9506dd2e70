import { DynamicModule, Module } from '@nestjs/common';

@Module({})
export class NotificationsModule {
  static register(platform: DynamicModule): DynamicModule {
    return { module: NotificationsModule, imports: [platform], controllers: [], providers: [] };
  }
}
