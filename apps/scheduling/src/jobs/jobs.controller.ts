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
import { AssignmentsService } from '../assignments/assignments.service';
import { NegotiationService } from '../assignments/negotiation.service';
import { JobsService } from './jobs.service';

@Controller()
export class JobsController {
  constructor(
    private readonly jobs: JobsService,
    private readonly assignments: AssignmentsService,
    private readonly negotiation: NegotiationService,
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
    return this.assignments.accept(ref.id, meta);
  }

  @RpcHandler(SCHEDULING_RPC.cancelJob)
  cancel(@Payload() cmd: CancelJobCommand, @Meta() meta: CallMeta) {
    return this.assignments.cancelJob(cmd, meta);
  }

  @RpcHandler(SCHEDULING_RPC.proposeJobSchedule)
  propose(@Payload() cmd: ProposeScheduleCommand, @Meta() meta: CallMeta) {
    const { id, ...body } = cmd;
    return this.negotiation.propose({ jobId: id }, body, meta, 'propose');
  }
}
