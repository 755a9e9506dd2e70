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
import { CompleteAssignmentHandler } from './commands/complete-assignment/complete-assignment.handler';
import { ConfirmScheduleHandler } from './commands/confirm-schedule/confirm-schedule.handler';
import { ProposeScheduleHandler } from './commands/propose-schedule/propose-schedule.handler';
import { RejectAssignmentHandler } from './commands/reject-assignment/reject-assignment.handler';
import { RescheduleHandler } from './commands/reschedule/reschedule.handler';
import { AssignmentQueries } from './queries/assignment.queries';

@Controller()
export class AssignmentsController {
  constructor(
    private readonly queries: AssignmentQueries,
    private readonly proposeSchedule: ProposeScheduleHandler,
    private readonly rescheduleHandler: RescheduleHandler,
    private readonly confirmSchedule: ConfirmScheduleHandler,
    private readonly rejectAssignment: RejectAssignmentHandler,
    private readonly completeAssignment: CompleteAssignmentHandler,
  ) {}

  @RpcHandler(SCHEDULING_RPC.listAssignments)
  list(@Payload() query: ListAssignmentsQuery, @Meta() meta: CallMeta) {
    return this.queries.list(query, meta);
  }

  @RpcHandler(SCHEDULING_RPC.getAssignment)
  get(@Payload() ref: AssignmentRef, @Meta() meta: CallMeta) {
    return this.queries.get(ref.id, meta);
  }

  @RpcHandler(SCHEDULING_RPC.proposeAssignmentSchedule)
  propose(@Payload() { id, ...body }: ProposeScheduleCommand, @Meta() meta: CallMeta) {
    return this.proposeSchedule.execute({ assignmentId: id }, body, meta);
  }

  @RpcHandler(SCHEDULING_RPC.reschedule)
  reschedule(@Payload() cmd: ProposeScheduleCommand, @Meta() meta: CallMeta) {
    return this.rescheduleHandler.execute(cmd, meta);
  }

  @RpcHandler(SCHEDULING_RPC.confirmSchedule)
  confirm(@Payload() cmd: ConfirmScheduleCommand, @Meta() meta: CallMeta) {
    return this.confirmSchedule.execute(cmd, meta);
  }

  @RpcHandler(SCHEDULING_RPC.rejectAssignment)
  reject(@Payload() cmd: RejectAssignmentCommand, @Meta() meta: CallMeta) {
    return this.rejectAssignment.execute(cmd, meta);
  }

  @RpcHandler(SCHEDULING_RPC.completeAssignment)
  complete(@Payload() cmd: CompleteAssignmentCommand, @Meta() meta: CallMeta) {
    return this.completeAssignment.execute(cmd, meta);
  }
}
