import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
  Type,
} from '@nestjs/common';
import {
  AddTimeOffBody,
  CreateResourceBody,
  ListResourcesQuery,
  ListTimeOffQuery,
  Page,
  ResourceKindName,
  ResourceView,
  SCHEDULING_RPC,
  TimeOffView,
  UpdateResourceBody,
} from '@slotline/contracts';
import { RpcClient } from '@slotline/messaging';
import { callOf, GatewayRequest } from '../auth/authenticated-request';
import { RequirePermission } from '../auth/route-access.decorators';
import { IfMatch } from '../http/if-match.interceptor';
import { Idempotent } from '../idempotency';
import { ApiErrors, ApiResult, ApiTag } from '../openapi';
import { RateLimitTier } from '../rate-limit';
import { IdParams, TimeOffParams } from './scheduling.params';
import { ResourcePageSchema, ResourceSchema, TimeOffPageSchema, TimeOffSchema } from './scheduling.schemas';

/**
 * SCH-1 admin CRUD, the same routes for each kind: `/v1/admin/practitioners`, `/v1/admin/rooms`,
 * `/v1/admin/equipment`. DELETE deactivates (existing bookings stay; nothing new is booked).
 */
function adminResourcesController(path: string, kind: ResourceKindName): Type<unknown> {
  // "a practitioner", "a room", but "a piece of equipment" (equipment is uncountable).
  const one = kind === 'equipment' ? 'a piece of equipment' : `a ${kind}`;
  @ApiTag(`Admin: ${path}`, `Admin management of ${path}, their hours and time off (SCH-1).`)
  @Controller(`v1/admin/${path}`)
  @RateLimitTier('admin')
  class AdminResourcesController {
    constructor(readonly rpc: RpcClient) {}

    @Post()
    @RequirePermission('admin:resources:write')
    @Idempotent()
    @HttpCode(201)
    @ApiResult(ResourceSchema, { summary: `Create ${one}` })
    @ApiErrors(...SCHEDULING_RPC.createResource.errors)
    create(@Body() body: CreateResourceBody, @Req() req: GatewayRequest): Promise<ResourceView> {
      return this.rpc.request(SCHEDULING_RPC.createResource, { ...body, kind }, callOf(req));
    }

    @Get()
    @RequirePermission('admin:resources:read')
    @ApiResult(ResourcePageSchema, { summary: `List ${path}` })
    @ApiErrors(...SCHEDULING_RPC.listResources.errors)
    list(@Query() query: ListResourcesQuery, @Req() req: GatewayRequest): Promise<Page<ResourceView>> {
      return this.rpc.request(SCHEDULING_RPC.listResources, { ...query, kind }, callOf(req));
    }

    @Get(':id')
    @RequirePermission('admin:resources:read')
    @ApiResult(ResourceSchema, { summary: `Get ${one}` })
    @ApiErrors(...SCHEDULING_RPC.getResource.errors)
    get(@Param() params: IdParams, @Req() req: GatewayRequest): Promise<ResourceView> {
      return this.rpc.request(SCHEDULING_RPC.getResource, { id: params.id, kind }, callOf(req));
    }

    @Patch(':id')
    @RequirePermission('admin:resources:write')
    @IfMatch({ query: SCHEDULING_RPC.getResource, payload: (req) => ({ id: String(req.params.id), kind }) })
    @ApiResult(ResourceSchema, { summary: `Update ${one}` })
    @ApiErrors(...SCHEDULING_RPC.updateResource.errors)
    update(
      @Param() params: IdParams,
      @Body() body: UpdateResourceBody,
      @Req() req: GatewayRequest,
    ): Promise<ResourceView> {
      return this.rpc.request(SCHEDULING_RPC.updateResource, { ...body, id: params.id, kind }, callOf(req));
    }

    @Delete(':id')
    @RequirePermission('admin:resources:write')
    @ApiResult(ResourceSchema, { summary: `Deactivate ${one}` })
    @ApiErrors(...SCHEDULING_RPC.deactivateResource.errors)
    deactivate(@Param() params: IdParams, @Req() req: GatewayRequest): Promise<ResourceView> {
      return this.rpc.request(SCHEDULING_RPC.deactivateResource, { id: params.id, kind }, callOf(req));
    }

    @Post(':id/time-off')
    @RequirePermission('admin:resources:write')
    @Idempotent()
    @HttpCode(201)
    @ApiResult(TimeOffSchema, { summary: `Add time off to ${one}` })
    @ApiErrors(...SCHEDULING_RPC.addTimeOff.errors)
    addTimeOff(
      @Param() params: IdParams,
      @Body() body: AddTimeOffBody,
      @Req() req: GatewayRequest,
    ): Promise<TimeOffView> {
      return this.rpc.request(SCHEDULING_RPC.addTimeOff, { ...body, id: params.id, kind }, callOf(req));
    }

    @Get(':id/time-off')
    @RequirePermission('admin:resources:read')
    @ApiResult(TimeOffPageSchema, { summary: `List time off of ${one}` })
    @ApiErrors(...SCHEDULING_RPC.listTimeOff.errors)
    listTimeOff(
      @Param() params: IdParams,
      @Query() query: ListTimeOffQuery,
      @Req() req: GatewayRequest,
    ): Promise<Page<TimeOffView>> {
      return this.rpc.request(SCHEDULING_RPC.listTimeOff, { ...query, id: params.id, kind }, callOf(req));
    }

    @Delete(':id/time-off/:time_off_id')
    @RequirePermission('admin:resources:write')
    @HttpCode(204)
    @ApiResult(null, { summary: `Remove time off of ${one}` })
    @ApiErrors(...SCHEDULING_RPC.removeTimeOff.errors)
    async removeTimeOff(@Param() params: TimeOffParams, @Req() req: GatewayRequest): Promise<void> {
      await this.rpc.request(
        SCHEDULING_RPC.removeTimeOff,
        { id: params.id, time_off_id: params.time_off_id, kind },
        callOf(req),
      );
    }
  }
  Object.defineProperty(AdminResourcesController, 'name', {
    value: `Admin${kind[0].toUpperCase()}${kind.slice(1)}Controller`,
  });
  return AdminResourcesController;
}

export const AdminPractitionersController = adminResourcesController('practitioners', 'practitioner');
export const AdminRoomsController = adminResourcesController('rooms', 'room');
export const AdminEquipmentController = adminResourcesController('equipment', 'equipment');
