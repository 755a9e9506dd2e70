import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AssignmentRef,
  CallMeta,
  CompleteAssignmentCommand,
  ConfirmScheduleCommand,
  ListAssignmentsQuery,
  ProposeScheduleCommand,
  RejectAssignmentCommand,
  SCHEDULING_RPC,
} from '@slotline/contracts';
import { Meta, RpcHandler } from '@slotline/messaging';
import { AssignmentsService } from './assignments.service';
import { NegotiationService } from './negotiation.service';

@Controller()
export class AssignmentsController {
  constructor(
    private readonly assignments: AssignmentsService,
    private readonly negotiation: NegotiationService,
  ) {}

  @RpcHandler(SCHEDULING_RPC.listAssignments)
  list(@Payload() query: ListAssignmentsQuery, @Meta() meta: CallMeta) {
    return this.assignments.list(query, meta);
  }

  @RpcHandler(SCHEDULING_RPC.getAssignment)
  get(@Payload() ref: AssignmentRef, @Meta() meta: CallMeta) {
    return this.assignments.get(ref.id, meta);
  }

  @RpcHandler(SCHEDULING_RPC.proposeAssignmentSchedule)
  propose(@Payload() cmd: ProposeScheduleCommand, @Meta() meta: CallMeta) {
    const { id, ...body } = cmd;
    return this.negotiation.propose({ assignmentId: id }, body, meta, 'propose');
  }

  @RpcHandler(SCHEDULING_RPC.reschedule)
  reschedule(@Payload() cmd: ProposeScheduleCommand, @Meta() meta: CallMeta) {
    const { id, ...body } = cmd;
    return this.negotiation.propose({ assignmentId: id }, body, meta, 'reschedule');
  }

  @RpcHandler(SCHEDULING_RPC.confirmSchedule)
  confirm(@Payload() cmd: ConfirmScheduleCommand, @Meta() meta: CallMeta) {
    return this.negotiation.confirm(cmd, meta);
  }

  @RpcHandler(SCHEDULING_RPC.rejectAssignment)
  reject(@Payload() cmd: RejectAssignmentCommand, @Meta() meta: CallMeta) {
    return this.assignments.reject(cmd, meta);
  }

  @RpcHandler(SCHEDULING_RPC.completeAssignment)
  complete(@Payload() cmd: CompleteAssignmentCommand, @Meta() meta: CallMeta) {
    return this.assignments.complete(cmd, meta);
  }
}
