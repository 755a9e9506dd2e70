import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AssignmentRef,
  CallMeta,
  CompleteAssignmentCommand,
  ConfirmScheduleCommand,
  ListAssignmentsQuery,
  ProposeScheduleCommand,
  RejectAssignmentCommand,
  SCHEDULING_SUBJECTS,
} from '@slotline/contracts';
import { Meta } from '@slotline/messaging';
import { AssignmentsService } from './assignments.service';
import { NegotiationService } from './negotiation.service';

@Controller()
export class AssignmentsController {
  constructor(
    private readonly assignments: AssignmentsService,
    private readonly negotiation: NegotiationService,
  ) {}

  @MessagePattern(SCHEDULING_SUBJECTS.listAssignments)
  list(@Payload() query: ListAssignmentsQuery, @Meta() meta: CallMeta) {
    return this.assignments.list(query, meta);
  }

  @MessagePattern(SCHEDULING_SUBJECTS.getAssignment)
  get(@Payload() ref: AssignmentRef, @Meta() meta: CallMeta) {
    return this.assignments.get(ref.id, meta);
  }

  @MessagePattern(SCHEDULING_SUBJECTS.proposeAssignmentSchedule)
  propose(@Payload() cmd: ProposeScheduleCommand, @Meta() meta: CallMeta) {
    const { id, ...body } = cmd;
    return this.negotiation.propose({ assignmentId: id }, body, meta, 'propose');
  }

  @MessagePattern(SCHEDULING_SUBJECTS.reschedule)
  reschedule(@Payload() cmd: ProposeScheduleCommand, @Meta() meta: CallMeta) {
    const { id, ...body } = cmd;
    return this.negotiation.propose({ assignmentId: id }, body, meta, 'reschedule');
  }

  @MessagePattern(SCHEDULING_SUBJECTS.confirmSchedule)
  confirm(@Payload() cmd: ConfirmScheduleCommand, @Meta() meta: CallMeta) {
    return this.negotiation.confirm(cmd, meta);
  }

  @MessagePattern(SCHEDULING_SUBJECTS.rejectAssignment)
  reject(@Payload() cmd: RejectAssignmentCommand, @Meta() meta: CallMeta) {
    return this.assignments.reject(cmd, meta);
  }

  @MessagePattern(SCHEDULING_SUBJECTS.completeAssignment)
  complete(@Payload() cmd: CompleteAssignmentCommand, @Meta() meta: CallMeta) {
    return this.assignments.complete(cmd, meta);
  }
}
