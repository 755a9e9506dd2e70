import { Page } from '../pagination/page';
import { defineRpc } from '../rpc/define-rpc';
import {
  CreateScheduleBatchBody,
  ListScheduleBatchItemsCommand,
  ScheduleBatchItemView,
  ScheduleBatchRef,
  ScheduleBatchView,
} from './schedule-batch.payloads';

/** SCH-8: bulk scheduling, answered by scheduling's batch orchestrator. */
export const SCHEDULE_BATCH_RPC = {
  submit: defineRpc<CreateScheduleBatchBody, ScheduleBatchView>('scheduling.schedule_batches.submit', {
    request: CreateScheduleBatchBody,
    errors: ['AUTH_FORBIDDEN'],
  }),
  get: defineRpc<ScheduleBatchRef, ScheduleBatchView>('scheduling.schedule_batches.get', {
    request: ScheduleBatchRef,
    errors: ['NF_RESOURCE', 'AUTH_FORBIDDEN'],
  }),
  listItems: defineRpc<ListScheduleBatchItemsCommand, Page<ScheduleBatchItemView>>(
    'scheduling.schedule_batches.items',
    { request: ListScheduleBatchItemsCommand, errors: ['NF_RESOURCE', 'VAL_CURSOR', 'AUTH_FORBIDDEN'] },
  ),
} as const;
