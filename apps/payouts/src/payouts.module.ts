import { DynamicModule, Module } from '@nestjs/common';

@Module({})
export class PayoutsModule {
  static register(platform: DynamicModule): DynamicModule {
    return { module: PayoutsModule, imports: [platform], controllers: [], providers: [] };
  }
}
