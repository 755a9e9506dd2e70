import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  AssignmentView,
  CancelJobBody,
  CreateJobBody,
  JobView,
  ListJobsQuery,
  Page,
  ProposeScheduleBody,
  SCHEDULING_RPC,
} from '@slotline/contracts';
import { RpcClient } from '@slotline/messaging';
import { callOf, GatewayRequest } from '../auth/authenticated-request';
import { RequirePermission } from '../auth/route-access.decorators';
import { Idempotent } from '../idempotency';
import { ApiErrors, ApiResult, ApiTag } from '../openapi';
import { AssignmentSchema, JobPageSchema, JobSchema } from './scheduling.schemas';
import { IdParams } from './scheduling.params';

/** SCH-2 / SCH-3: jobs as customers create them and providers accept them. */
@ApiTag('Jobs', 'Visits customers request and providers accept (SCH-2).')
@Controller('v1/jobs')
export class JobsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @RequirePermission('jobs:create')
  @Idempotent()
  @HttpCode(201)
  @ApiResult(JobSchema, { summary: 'Create a job' })
  @ApiErrors(...SCHEDULING_RPC.createJob.errors)
  create(@Body() body: CreateJobBody, @Req() req: GatewayRequest): Promise<JobView> {
    return this.rpc.request(SCHEDULING_RPC.createJob, body, callOf(req));
  }

  @Get()
  @RequirePermission('jobs:read')
  @ApiResult(JobPageSchema, { summary: 'List the jobs you may see, newest first' })
  @ApiErrors(...SCHEDULING_RPC.listJobs.errors)
  list(@Query() query: ListJobsQuery, @Req() req: GatewayRequest): Promise<Page<JobView>> {
    return this.rpc.request(SCHEDULING_RPC.listJobs, query, callOf(req));
  }

  @Get(':id')
  @RequirePermission('jobs:read')
  @ApiResult(JobSchema, { summary: 'Get a job' })
  @ApiErrors(...SCHEDULING_RPC.getJob.errors)
  get(@Param() params: IdParams, @Req() req: GatewayRequest): Promise<JobView> {
    return this.rpc.request(SCHEDULING_RPC.getJob, { id: params.id }, callOf(req));
  }

  /** Creates the assignment. */
  @Post(':id/accept')
  @RequirePermission('jobs:accept')
  @Idempotent()
  @HttpCode(201)
  @ApiResult(AssignmentSchema, { summary: 'Accept an open job (creates the assignment)' })
  @ApiErrors(...SCHEDULING_RPC.acceptJob.errors)
  accept(@Param() params: IdParams, @Req() req: GatewayRequest): Promise<AssignmentView> {
    return this.rpc.request(SCHEDULING_RPC.acceptJob, { id: params.id }, callOf(req));
  }

  /** The customer (or an admin) proposes a window for the job's live assignment. */
  @Post(':id/schedule')
  @RequirePermission('schedule:write')
  @Idempotent()
  @HttpCode(200)
  @ApiResult(AssignmentSchema, { summary: 'Propose a window for the job (customer side)' })
  @ApiErrors(...SCHEDULING_RPC.proposeJobSchedule.errors)
  propose(
    @Param() params: IdParams,
    @Body() body: ProposeScheduleBody,
    @Req() req: GatewayRequest,
  ): Promise<AssignmentView> {
    return this.rpc.request(SCHEDULING_RPC.proposeJobSchedule, { ...body, id: params.id }, callOf(req));
  }

  @Post(':id/cancel')
  @RequirePermission('jobs:cancel')
  @Idempotent()
  @HttpCode(200)
  @ApiResult(JobSchema, { summary: 'Cancel a job and release its booking' })
  @ApiErrors(...SCHEDULING_RPC.cancelJob.errors)
  cancel(
    @Param() params: IdParams,
    @Body() body: CancelJobBody,
    @Req() req: GatewayRequest,
  ): Promise<JobView> {
    return this.rpc.request(SCHEDULING_RPC.cancelJob, { ...body, id: params.id }, callOf(req));
  }
}
