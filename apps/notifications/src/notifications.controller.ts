import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AdminNotificationsQuery,
  CalendarIcsQuery,
  CallMeta,
  MyNotificationsQuery,
  NOTIFICATION_RPC,
  TemplatePreviewQuery,
  UpdatePreferencesRequest,
} from '@slotline/contracts';
import { Meta, RpcHandler } from '@slotline/messaging';
import { CalendarService } from './calendar/calendar.service';
import { NotificationHistoryService } from './history/notification-history.service';
import { PreferencesService } from './preferences/preferences.service';
import { TemplatePreviewService } from './preview/template-preview.service';

/** Notifications' queries and commands over NATS; every one is a single call into its service. */
@Controller()
export class NotificationsController {
  constructor(
    private readonly history: NotificationHistoryService,
    private readonly preferences: PreferencesService,
    private readonly calendar: CalendarService,
    private readonly previews: TemplatePreviewService,
  ) {}

  @RpcHandler(NOTIFICATION_RPC.mine)
  mine(@Payload() q: MyNotificationsQuery, @Meta() meta: CallMeta) {
    return this.history.mine(q, meta);
  }

  @RpcHandler(NOTIFICATION_RPC.adminList)
  adminList(@Payload() q: AdminNotificationsQuery, @Meta() meta: CallMeta) {
    return this.history.forAdmin(q, meta);
  }

  @RpcHandler(NOTIFICATION_RPC.getPreferences)
  getPreferences(@Payload() _empty: Record<string, never>, @Meta() meta: CallMeta) {
    return this.preferences.get(meta);
  }

  @RpcHandler(NOTIFICATION_RPC.putPreferences)
  putPreferences(@Payload() body: UpdatePreferencesRequest, @Meta() meta: CallMeta) {
    return this.preferences.put(body, meta);
  }

  @RpcHandler(NOTIFICATION_RPC.calendarIcs)
  calendarIcs(@Payload() q: CalendarIcsQuery, @Meta() meta: CallMeta) {
    return this.calendar.download(q, meta);
  }

  @RpcHandler(NOTIFICATION_RPC.preview)
  preview(@Payload() q: TemplatePreviewQuery) {
    return this.previews.preview(q);
  }
}
