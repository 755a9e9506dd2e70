import { DynamicModule, Module, Provider } from '@nestjs/common';
import { APP_CONFIG, LOGGER, NATS_CONNECTION } from '@slotline/bootstrap';
import { OutboxWriter } from '@slotline/messaging';
import { Metrics } from '@slotline/observability';
import { SERVICE_SCHEMAS, TransactionRunner } from '@slotline/persistence';
import type { NatsConnection } from 'nats';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { PayoutAccountsService } from './accounts/payout-accounts.service';
import { CaptureWorker } from './capture/capture-worker';
import { AssignmentCompletedConsumer } from './completion/assignment-completed.consumer';
import { PayoutsConfig } from './config/payouts.config';
import { composePayouts, PayoutsComposition } from './payouts.composition';
import { PayoutDecisionsService } from './payouts/payout-decisions.service';
import { PayoutQueriesService } from './payouts/payout-queries.service';
import { PayoutsController } from './payouts/payouts.controller';

const COMPOSITION = Symbol('PAYOUTS_COMPOSITION');

const fromComposition = (
  provide: abstract new (...args: never[]) => unknown,
  pick: (c: PayoutsComposition) => unknown,
): Provider => ({ provide, inject: [COMPOSITION], useFactory: pick });

@Module({})
export class PayoutsModule {
  static register(platform: DynamicModule): DynamicModule {
    return {
      module: PayoutsModule,
      imports: [platform],
      controllers: [PayoutsController],
      providers: [
        {
          provide: COMPOSITION,
          inject: [DataSource, TransactionRunner, OutboxWriter, LOGGER, Metrics, APP_CONFIG],
          useFactory: (
            dataSource: DataSource,
            tx: TransactionRunner,
            outbox: OutboxWriter,
            logger: Logger,
            metrics: Metrics,
            config: PayoutsConfig,
          ) =>
            composePayouts({
              dataSource,
              tx,
              outbox,
              logger,
              metrics,
              settings: config,
              schema: SERVICE_SCHEMAS.payouts.schema,
            }),
        },
        fromComposition(PayoutQueriesService, (c) => c.queries),
        fromComposition(PayoutDecisionsService, (c) => c.decisions),
        fromComposition(PayoutAccountsService, (c) => c.accounts),
        fromComposition(CaptureWorker, (c) => c.capture),
        {
          provide: AssignmentCompletedConsumer,
          inject: [COMPOSITION, NATS_CONNECTION, DataSource, APP_CONFIG, LOGGER, Metrics],
          useFactory: (
            c: PayoutsComposition,
            nc: NatsConnection,
            dataSource: DataSource,
            config: PayoutsConfig,
            logger: Logger,
            metrics: Metrics,
          ) =>
            new AssignmentCompletedConsumer({
              nc,
              dataSource,
              schema: SERVICE_SCHEMAS.payouts.schema,
              stream: config.NATS_STREAM,
              subjectPrefix: config.NATS_SUBJECT_PREFIX,
              creation: c.creation,
              logger,
              metrics,
            }),
        },
      ],
    };
  }
}
