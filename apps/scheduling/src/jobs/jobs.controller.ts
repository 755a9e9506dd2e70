import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CallMeta,
  CancelJobCommand,
  CreateJobBody,
  JobRef,
  ListJobsQuery,
  ProposeScheduleCommand,
  SCHEDULING_RPC,
} from '@slotline/contracts';
import { Meta, RpcHandler } from '@slotline/messaging';
import { AcceptJobHandler } from '../assignments/commands/accept-job/accept-job.handler';
import { CancelJobHandler } from '../assignments/commands/cancel-job/cancel-job.handler';
import { ProposeScheduleHandler } from '../assignments/commands/propose-schedule/propose-schedule.handler';
import { JobsService } from './jobs.service';

@Controller()
export class JobsController {
  constructor(
    private readonly jobs: JobsService,
    private readonly acceptJob: AcceptJobHandler,
    private readonly cancelJob: CancelJobHandler,
    private readonly proposeSchedule: ProposeScheduleHandler,
  ) {}

  @RpcHandler(SCHEDULING_RPC.createJob)
  create(@Payload() body: CreateJobBody, @Meta() meta: CallMeta) {
    return this.jobs.create(body, meta);
  }

  @RpcHandler(SCHEDULING_RPC.listJobs)
  list(@Payload() query: ListJobsQuery, @Meta() meta: CallMeta) {
    return this.jobs.list(query, meta);
  }

  @RpcHandler(SCHEDULING_RPC.getJob)
  get(@Payload() ref: JobRef, @Meta() meta: CallMeta) {
    return this.jobs.get(ref.id, meta);
  }

  @RpcHandler(SCHEDULING_RPC.acceptJob)
  accept(@Payload() ref: JobRef, @Meta() meta: CallMeta) {
    return this.acceptJob.execute(ref.id, meta);
  }

  @RpcHandler(SCHEDULING_RPC.cancelJob)
  cancel(@Payload() cmd: CancelJobCommand, @Meta() meta: CallMeta) {
    return this.cancelJob.execute(cmd, meta);
  }

  @RpcHandler(SCHEDULING_RPC.proposeJobSchedule)
  propose(@Payload() { id, ...body }: ProposeScheduleCommand, @Meta() meta: CallMeta) {
    return this.proposeSchedule.execute({ jobId: id }, body, meta);
  }
}
