import { Body, Controller, Get, Header, Inject, Param, Put, Query, Req, Res } from '@nestjs/common';
import {
  AdminNotificationsQuery,
  MyNotificationsQuery,
  NOTIFICATION_RPC,
  NotificationView,
  Page,
  PreferencesView,
  TemplatePreviewView,
  UpdatePreferencesRequest,
} from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import type { FastifyReply } from 'fastify';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { RpcClient } from '@slotline/messaging';
import { APP_CONFIG } from '@slotline/bootstrap';
import { callOf, GatewayRequest } from '../auth/authenticated-request';
import { Public, RequirePermission } from '../auth/route-access.decorators';
import { GatewayConfig } from '../config/gateway.config';
import { ApiErrors, ApiResult, ApiTag } from '../openapi';
import { RateLimitTier } from '../rate-limit';
import { IdParams } from '../scheduling/scheduling.params';
import { NotificationPageSchema, PreferencesSchema, TemplatePreviewSchema } from './notifications.schemas';

export class TemplateParams {
  @Matches(/^[a-z_]{1,64}$/, { message: 'template must be a template name' })
  template: string;
}

export class PreviewLocaleQuery {
  @IsOptional()
  @IsString()
  @MaxLength(35)
  locale?: string;
}

/** NTF-5 and NTF-6 for the signed-in user. */
@ApiTag('Notifications', 'Your notifications, preferences and quiet hours (NTF-5, NTF-6).')
@Controller('v1/me')
export class MeNotificationsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('notifications')
  @RequirePermission('me:read')
  @ApiResult(NotificationPageSchema, { summary: 'Your notifications, newest first, with every attempt' })
  @ApiErrors(...NOTIFICATION_RPC.mine.errors)
  mine(@Query() query: MyNotificationsQuery, @Req() req: GatewayRequest): Promise<Page<NotificationView>> {
    return this.rpc.request(NOTIFICATION_RPC.mine, query, callOf(req));
  }

  @Get('notification-preferences')
  @RequirePermission('me:read')
  @ApiResult(PreferencesSchema, { summary: 'Your notification preferences' })
  preferences(@Req() req: GatewayRequest): Promise<PreferencesView> {
    return this.rpc.request(NOTIFICATION_RPC.getPreferences, {}, callOf(req));
  }

  @Put('notification-preferences')
  @RequirePermission('me:write')
  @ApiResult(PreferencesSchema, { summary: 'Replace your notification preferences' })
  putPreferences(
    @Body() body: UpdatePreferencesRequest,
    @Req() req: GatewayRequest,
  ): Promise<PreferencesView> {
    return this.rpc.request(NOTIFICATION_RPC.putPreferences, body, callOf(req));
  }
}

/** NTF-5 for admins: anyone's notifications, filtered. */
@ApiTag('Notifications admin', "Query anyone's notification history (NTF-5).")
@Controller('v1/admin/notifications')
@RateLimitTier('admin')
export class AdminNotificationsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @RequirePermission('admin:notifications:read')
  @ApiResult(NotificationPageSchema, { summary: 'Notifications by recipient, status, event type and time' })
  @ApiErrors(...NOTIFICATION_RPC.adminList.errors)
  list(@Query() query: AdminNotificationsQuery, @Req() req: GatewayRequest): Promise<Page<NotificationView>> {
    return this.rpc.request(NOTIFICATION_RPC.adminList, query, callOf(req));
  }
}

/** NTF-4: the visit's invite, for its parties only. */
@ApiTag('Calendar', 'Calendar invites of confirmed visits (NTF-4).')
@Controller('v1/assignments')
export class CalendarController {
  constructor(private readonly rpc: RpcClient) {}

  @Get(':id/calendar.ics')
  @RequirePermission('assignments:read')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @ApiResult(
    {
      type: 'string',
      description: 'RFC 5545 calendar with one VEVENT (stable UID, SEQUENCE) and its VTIMEZONE.',
    },
    { summary: "Download the visit's calendar invite", contentType: 'text/calendar' },
  )
  @ApiErrors(...NOTIFICATION_RPC.calendarIcs.errors)
  async ics(
    @Param() params: IdParams,
    @Req() req: GatewayRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<string> {
    const file = await this.rpc.request(
      NOTIFICATION_RPC.calendarIcs,
      { assignment_id: params.id },
      callOf(req),
    );
    res.header('Content-Disposition', `attachment; filename="${file.filename}"`);
    return file.content;
  }
}

/** NTF-7: template previews for developers; refused in production. */
@ApiTag('Developer tools', 'Template previews with sample data; not served in production (NTF-7).')
@Controller('v1/dev/notifications')
export class DevNotificationsController {
  constructor(
    private readonly rpc: RpcClient,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Get(':template/preview')
  @Public()
  @ApiResult(TemplatePreviewSchema, { summary: 'Render a notification template with sample data' })
  @ApiErrors(...NOTIFICATION_RPC.preview.errors)
  preview(
    @Param() params: TemplateParams,
    @Query() query: PreviewLocaleQuery,
    @Req() req: GatewayRequest,
  ): Promise<TemplatePreviewView> {
    if (this.config.isProduction)
      throw new AppError('NF_ROUTE', 'Template previews are not served in production.');
    return this.rpc.request(
      NOTIFICATION_RPC.preview,
      { template: params.template, locale: query.locale },
      callOf(req),
    );
  }
}

export const NOTIFICATION_CONTROLLERS = [
  MeNotificationsController,
  AdminNotificationsController,
  CalendarController,
  DevNotificationsController,
];
