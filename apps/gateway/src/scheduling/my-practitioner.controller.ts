import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import {
  AddTimeOffBody,
  CreateMyPractitionerBody,
  ListTimeOffQuery,
  Page,
  ResourceView,
  SCHEDULING_RPC,
  TimeOffView,
  UpdateMyHoursBody,
} from '@slotline/contracts';
import { RpcClient } from '@slotline/messaging';
import { callOf, GatewayRequest } from '../auth/authenticated-request';
import { RequirePermission } from '../auth/route-access.decorators';
import { IfMatch } from '../http/if-match.interceptor';
import { Idempotent } from '../idempotency';
import { ApiErrors, ApiResult, ApiTag } from '../openapi';
import { ResourceSchema, TimeOffPageSchema, TimeOffSchema } from './scheduling.schemas';
import { MyTimeOffParams } from './scheduling.params';

/** A provider's own practitioner profile: created once by themselves, then hours and time off. */
@ApiTag('My practitioner profile', "A provider's own practitioner record, hours and time off (SCH-1).")
@Controller('v1/me/practitioner')
export class MyPractitionerController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @RequirePermission('practitioner:self')
  @Idempotent()
  @HttpCode(201)
  @ApiResult(ResourceSchema, { summary: 'Create your practitioner profile' })
  @ApiErrors(...SCHEDULING_RPC.createMyPractitioner.errors)
  create(@Body() body: CreateMyPractitionerBody, @Req() req: GatewayRequest): Promise<ResourceView> {
    return this.rpc.request(SCHEDULING_RPC.createMyPractitioner, body, callOf(req));
  }

  @Get()
  @RequirePermission('practitioner:self')
  @ApiResult(ResourceSchema, { summary: 'Your practitioner profile' })
  @ApiErrors(...SCHEDULING_RPC.getMyPractitioner.errors)
  get(@Req() req: GatewayRequest): Promise<ResourceView> {
    return this.rpc.request(SCHEDULING_RPC.getMyPractitioner, {}, callOf(req));
  }

  @Put('hours')
  @RequirePermission('practitioner:self')
  @IfMatch({ query: SCHEDULING_RPC.getMyPractitioner, payload: () => ({}) })
  @ApiResult(ResourceSchema, { summary: 'Replace your weekly hours' })
  @ApiErrors(...SCHEDULING_RPC.updateMyHours.errors)
  updateHours(@Body() body: UpdateMyHoursBody, @Req() req: GatewayRequest): Promise<ResourceView> {
    return this.rpc.request(SCHEDULING_RPC.updateMyHours, body, callOf(req));
  }

  @Post('time-off')
  @RequirePermission('practitioner:self')
  @Idempotent()
  @HttpCode(201)
  @ApiResult(TimeOffSchema, { summary: 'Add time off' })
  @ApiErrors(...SCHEDULING_RPC.addMyTimeOff.errors)
  addTimeOff(@Body() body: AddTimeOffBody, @Req() req: GatewayRequest): Promise<TimeOffView> {
    return this.rpc.request(SCHEDULING_RPC.addMyTimeOff, body, callOf(req));
  }

  @Get('time-off')
  @RequirePermission('practitioner:self')
  @ApiResult(TimeOffPageSchema, { summary: 'List your time off' })
  @ApiErrors(...SCHEDULING_RPC.listMyTimeOff.errors)
  listTimeOff(@Query() query: ListTimeOffQuery, @Req() req: GatewayRequest): Promise<Page<TimeOffView>> {
    return this.rpc.request(SCHEDULING_RPC.listMyTimeOff, query, callOf(req));
  }

  @Delete('time-off/:time_off_id')
  @RequirePermission('practitioner:self')
  @HttpCode(204)
  @ApiResult(null, { summary: 'Remove time off' })
  @ApiErrors(...SCHEDULING_RPC.removeMyTimeOff.errors)
  async removeTimeOff(@Param() params: MyTimeOffParams, @Req() req: GatewayRequest): Promise<void> {
    await this.rpc.request(SCHEDULING_RPC.removeMyTimeOff, { time_off_id: params.time_off_id }, callOf(req));
  }
}
