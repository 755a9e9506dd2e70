import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CallMeta,
  CancelJobCommand,
  CreateJobBody,
  JobRef,
  ListJobsQuery,
  ProposeScheduleCommand,
  SCHEDULING_SUBJECTS,
} from '@slotline/contracts';
import { Meta } from '@slotline/messaging';
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

  @MessagePattern(SCHEDULING_SUBJECTS.createJob)
  create(@Payload() body: CreateJobBody, @Meta() meta: CallMeta) {
    return this.jobs.create(body, meta);
  }

  @MessagePattern(SCHEDULING_SUBJECTS.listJobs)
  list(@Payload() query: ListJobsQuery, @Meta() meta: CallMeta) {
    return this.jobs.list(query, meta);
  }

  @MessagePattern(SCHEDULING_SUBJECTS.getJob)
  get(@Payload() ref: JobRef, @Meta() meta: CallMeta) {
    return this.jobs.get(ref.id, meta);
  }

  @MessagePattern(SCHEDULING_SUBJECTS.acceptJob)
  accept(@Payload() ref: JobRef, @Meta() meta: CallMeta) {
    return this.assignments.accept(ref.id, meta);
  }

  @MessagePattern(SCHEDULING_SUBJECTS.cancelJob)
  cancel(@Payload() cmd: CancelJobCommand, @Meta() meta: CallMeta) {
    return this.assignments.cancelJob(cmd, meta);
  }

  @MessagePattern(SCHEDULING_SUBJECTS.proposeJobSchedule)
  propose(@Payload() cmd: ProposeScheduleCommand, @Meta() meta: CallMeta) {
    const { id, ...body } = cmd;
    return this.negotiation.propose({ jobId: id }, body, meta, 'propose');
  }
}
