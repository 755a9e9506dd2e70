import { Controller, Get, Query, Req } from '@nestjs/common';
import {
  Page,
  REMINDER_RPC,
  ReminderHistoryQuery,
  RemindersOverTimeQuery,
  RemindersOverTimeView,
  ReminderView,
} from '@slotline/contracts';
import { RpcClient } from '@slotline/messaging';
import { callOf, GatewayRequest } from '../auth/authenticated-request';
import { RequirePermission } from '../auth/route-access.decorators';
import { ApiErrors, ApiResult, ApiTag } from '../openapi';
import { RateLimitTier } from '../rate-limit';
import { ReminderPageSchema, RemindersOverTimeSchema } from './reminders.schemas';

/** SCH-9 reminder history and SCH-11 reminders sent over time, for admins and the console's chart. */
@ApiTag('Reminders', 'Reminder history and reminders sent over time (SCH-9, SCH-11).')
@Controller('v1/admin/reminders')
@RateLimitTier('admin')
export class RemindersAdminController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @RequirePermission('admin:reminders:read')
  @ApiResult(ReminderPageSchema, { summary: 'Reminders emitted, newest first' })
  @ApiErrors(...REMINDER_RPC.history.errors)
  history(@Query() query: ReminderHistoryQuery, @Req() req: GatewayRequest): Promise<Page<ReminderView>> {
    return this.rpc.request(REMINDER_RPC.history, query, callOf(req));
  }

  @Get('over-time')
  @RequirePermission('admin:reminders:read')
  @ApiResult(RemindersOverTimeSchema, { summary: 'Reminders sent per hour or day over a range' })
  @ApiErrors(...REMINDER_RPC.overTime.errors)
  overTime(
    @Query() query: RemindersOverTimeQuery,
    @Req() req: GatewayRequest,
  ): Promise<RemindersOverTimeView> {
    return this.rpc.request(REMINDER_RPC.overTime, query, callOf(req));
  }
}
