import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CallMeta,
  CreateScheduleBatchBody,
  ListScheduleBatchItemsCommand,
  SCHEDULE_BATCH_RPC,
  ScheduleBatchRef,
} from '@slotline/contracts';
import { Meta, RpcHandler } from '@slotline/messaging';
import { SubmitScheduleBatchHandler } from './commands/submit-schedule-batch/submit-schedule-batch.handler';
import { ScheduleBatchQueries } from './queries/schedule-batch.queries';

@Controller()
export class ScheduleBatchesController {
  constructor(
    private readonly submitBatch: SubmitScheduleBatchHandler,
    private readonly queries: ScheduleBatchQueries,
  ) {}

  @RpcHandler(SCHEDULE_BATCH_RPC.submit)
  submit(@Payload() body: CreateScheduleBatchBody, @Meta() meta: CallMeta) {
    return this.submitBatch.execute(body, meta);
  }

  @RpcHandler(SCHEDULE_BATCH_RPC.get)
  get(@Payload() ref: ScheduleBatchRef, @Meta() meta: CallMeta) {
    return this.queries.get(ref.id, meta);
  }

  @RpcHandler(SCHEDULE_BATCH_RPC.listItems)
  items(@Payload() query: ListScheduleBatchItemsCommand, @Meta() meta: CallMeta) {
    return this.queries.listItems(query, meta);
  }
}
