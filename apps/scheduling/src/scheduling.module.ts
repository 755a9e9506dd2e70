import { DynamicModule, Module } from '@nestjs/common';

@Module({})
export class SchedulingModule {
  static register(platform: DynamicModule): DynamicModule {
    return { module: SchedulingModule, imports: [platform], controllers: [], providers: [] };
  }
}
