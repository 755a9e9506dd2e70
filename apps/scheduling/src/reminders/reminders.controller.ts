import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CallMeta, REMINDER_RPC, ReminderHistoryQuery, RemindersOverTimeQuery } from '@slotline/contracts';
import { Meta, RpcHandler } from '@slotline/messaging';
import { ReminderService } from './reminder.service';

@Controller()
export class RemindersController {
  constructor(private readonly reminders: ReminderService) {}

  @RpcHandler(REMINDER_RPC.history)
  history(@Payload() query: ReminderHistoryQuery, @Meta() meta: CallMeta) {
    return this.reminders.history(query, meta);
  }

  @RpcHandler(REMINDER_RPC.overTime)
  overTime(@Payload() query: RemindersOverTimeQuery, @Meta() meta: CallMeta) {
    return this.reminders.overTime(query, meta);
  }
}
