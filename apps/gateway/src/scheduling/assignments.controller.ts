import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  AssignmentView,
  CompleteAssignmentBody,
  ConfirmScheduleBody,
  ListAssignmentsQuery,
  Page,
  ProposeScheduleBody,
  RejectAssignmentBody,
  SCHEDULING_RPC,
} from '@slotline/contracts';
import { RpcClient } from '@slotline/messaging';
import { callOf, GatewayRequest } from '../auth/authenticated-request';
import { RequirePermission } from '../auth/route-access.decorators';
import { Idempotent } from '../idempotency';
import { ApiErrors, ApiResult, ApiTag } from '../openapi';
import { AssignmentPageSchema, AssignmentSchema } from './scheduling.schemas';
import { IdParams } from './scheduling.params';

/** SCH-3 / SCH-10: the schedule negotiation and the end of an assignment. Only its parties (or admins) see it. */
@ApiTag('Assignments', 'Schedule negotiation between customer and provider (SCH-3, SCH-10).')
@Controller('v1/assignments')
export class AssignmentsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @RequirePermission('assignments:read')
  @ApiResult(AssignmentPageSchema, { summary: 'List the assignments you are a party to, newest first' })
  @ApiErrors(...SCHEDULING_RPC.listAssignments.errors)
  list(@Query() query: ListAssignmentsQuery, @Req() req: GatewayRequest): Promise<Page<AssignmentView>> {
    return this.rpc.request(SCHEDULING_RPC.listAssignments, query, callOf(req));
  }

  @Get(':id')
  @RequirePermission('assignments:read')
  @ApiResult(AssignmentSchema, { summary: 'Get an assignment' })
  @ApiErrors(...SCHEDULING_RPC.getAssignment.errors)
  get(@Param() params: IdParams, @Req() req: GatewayRequest): Promise<AssignmentView> {
    return this.rpc.request(SCHEDULING_RPC.getAssignment, { id: params.id }, callOf(req));
  }

  /** The provider (or an admin) proposes a window. */
  @Post(':id/schedule')
  @RequirePermission('schedule:write')
  @Idempotent()
  @HttpCode(200)
  @ApiResult(AssignmentSchema, { summary: 'Propose a window (provider side)' })
  @ApiErrors(...SCHEDULING_RPC.proposeAssignmentSchedule.errors)
  propose(
    @Param() params: IdParams,
    @Body() body: ProposeScheduleBody,
    @Req() req: GatewayRequest,
  ): Promise<AssignmentView> {
    return this.rpc.request(
      SCHEDULING_RPC.proposeAssignmentSchedule,
      { ...body, id: params.id },
      callOf(req),
    );
  }

  /** The other party confirms the pending proposal; the visit is booked. */
  @Post(':id/schedule/confirm')
  @RequirePermission('schedule:write')
  @Idempotent()
  @HttpCode(200)
  @ApiResult(AssignmentSchema, { summary: 'Confirm the pending proposal and book it' })
  @ApiErrors(...SCHEDULING_RPC.confirmSchedule.errors)
  confirm(
    @Param() params: IdParams,
    @Body() body: ConfirmScheduleBody,
    @Req() req: GatewayRequest,
  ): Promise<AssignmentView> {
    return this.rpc.request(SCHEDULING_RPC.confirmSchedule, { ...body, id: params.id }, callOf(req));
  }

  /** Either party proposes a new window for a scheduled visit; the old one holds until it is confirmed. */
  @Post(':id/reschedule')
  @RequirePermission('schedule:write')
  @Idempotent()
  @HttpCode(200)
  @ApiResult(AssignmentSchema, { summary: 'Propose a new window for a scheduled visit' })
  @ApiErrors(...SCHEDULING_RPC.reschedule.errors)
  reschedule(
    @Param() params: IdParams,
    @Body() body: ProposeScheduleBody,
    @Req() req: GatewayRequest,
  ): Promise<AssignmentView> {
    return this.rpc.request(SCHEDULING_RPC.reschedule, { ...body, id: params.id }, callOf(req));
  }

  @Post(':id/reject')
  @RequirePermission('assignments:reject')
  @Idempotent()
  @HttpCode(200)
  @ApiResult(AssignmentSchema, { summary: 'Reject the assignment; the job is requeued' })
  @ApiErrors(...SCHEDULING_RPC.rejectAssignment.errors)
  reject(
    @Param() params: IdParams,
    @Body() body: RejectAssignmentBody,
    @Req() req: GatewayRequest,
  ): Promise<AssignmentView> {
    return this.rpc.request(SCHEDULING_RPC.rejectAssignment, { ...body, id: params.id }, callOf(req));
  }

  @Post(':id/complete')
  @RequirePermission('assignments:complete')
  @Idempotent()
  @HttpCode(200)
  @ApiResult(AssignmentSchema, {
    summary: 'Mark the visit completed',
    description:
      'Once the visit has started (422 BR_VISIT_NOT_STARTED before). An admin may complete it earlier with an `override_reason`, which is audited.',
  })
  @ApiErrors(...SCHEDULING_RPC.completeAssignment.errors)
  complete(
    @Param() params: IdParams,
    @Body() body: CompleteAssignmentBody,
    @Req() req: GatewayRequest,
  ): Promise<AssignmentView> {
    return this.rpc.request(SCHEDULING_RPC.completeAssignment, { ...body, id: params.id }, callOf(req));
  }
}
