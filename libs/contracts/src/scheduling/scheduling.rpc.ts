import type { Page } from '../pagination/page';
import { defineRpc } from '../rpc/define-rpc';
import {
  AssignmentRef,
  AssignmentView,
  CompleteAssignmentCommand,
  ConfirmScheduleCommand,
  ListAssignmentsQuery,
  RejectAssignmentCommand,
} from './assignment.payloads';
import {
  AvailabilityView,
  ExplainAvailabilityQuery,
  FindAvailabilityQuery,
  SlotExplanationView,
} from './availability.payloads';
import {
  CancelJobCommand,
  CreateJobBody,
  JobRef,
  JobView,
  ListJobsQuery,
  ProposeScheduleCommand,
} from './job.payloads';
import { CapacityQuery, CapacityView, FulfilmentView } from './reporting.payloads';
import {
  AddTimeOffBody,
  AddTimeOffCommand,
  CreateMyPractitionerBody,
  CreateResourceCommand,
  ListResourcesCommand,
  ListTimeOffCommand,
  ListTimeOffQuery,
  MyTimeOffRef,
  ResourceRef,
  ResourceView,
  TimeOffRef,
  TimeOffView,
  UpdateMyHoursBody,
  UpdateResourceCommand,
} from './resource.payloads';

/** What a proposal or confirmation may be refused with (SCH-3, SCH-4). */
const SCHEDULE_ERRORS = [
  'NF_RESOURCE',
  'CF_SCHEDULE_VERSION',
  'CF_PRACTITIONER_BUSY',
  'CF_ROOM_BUSY',
  'CF_RESOURCE_BUSY',
  'BR_OUTSIDE_WORKING_HOURS',
  'BR_RESOURCE_TIME_OFF',
  'BR_WINDOW_IN_PAST',
  'BR_NONEXISTENT_LOCAL_TIME',
  'BR_INVALID_TIME_ZONE',
  'BR_INVALID_STATE_TRANSITION',
  'BR_RULE_VIOLATED',
] as const;

const CREATE_RESOURCE_ERRORS = ['CF_CONFLICT', 'BR_INVALID_TIME_ZONE'] as const;
const UPDATE_RESOURCE_ERRORS = ['NF_RESOURCE', 'BR_INVALID_TIME_ZONE'] as const;
const LIST_TIME_OFF_ERRORS = ['NF_RESOURCE', 'VAL_CURSOR'] as const;

/** The reply to a removal (HTTP answers 204). */
export interface RemovedReply {
  removed: true;
}

/** Commands and queries answered by scheduling (NATS request/reply). */
export const SCHEDULING_RPC = {
  createJob: defineRpc<CreateJobBody, JobView>('scheduling.jobs.create', {
    request: CreateJobBody,
    errors: ['BR_INVALID_TIME_ZONE'],
  }),
  listJobs: defineRpc<ListJobsQuery, Page<JobView>>('scheduling.jobs.list', {
    request: ListJobsQuery,
    errors: ['VAL_CURSOR'],
  }),
  getJob: defineRpc<JobRef, JobView>('scheduling.jobs.get', { request: JobRef, errors: ['NF_RESOURCE'] }),
  acceptJob: defineRpc<JobRef, AssignmentView>('scheduling.jobs.accept', {
    request: JobRef,
    errors: ['NF_RESOURCE', 'CF_CONFLICT', 'BR_RULE_VIOLATED'],
  }),
  cancelJob: defineRpc<CancelJobCommand, JobView>('scheduling.jobs.cancel', {
    request: CancelJobCommand,
    errors: ['NF_RESOURCE', 'BR_INVALID_STATE_TRANSITION'],
  }),
  proposeJobSchedule: defineRpc<ProposeScheduleCommand, AssignmentView>('scheduling.jobs.propose_schedule', {
    request: ProposeScheduleCommand,
    errors: SCHEDULE_ERRORS,
  }),

  listAssignments: defineRpc<ListAssignmentsQuery, Page<AssignmentView>>('scheduling.assignments.list', {
    request: ListAssignmentsQuery,
    errors: ['VAL_CURSOR'],
  }),
  getAssignment: defineRpc<AssignmentRef, AssignmentView>('scheduling.assignments.get', {
    request: AssignmentRef,
    errors: ['NF_RESOURCE'],
  }),
  proposeAssignmentSchedule: defineRpc<ProposeScheduleCommand, AssignmentView>(
    'scheduling.assignments.propose_schedule',
    { request: ProposeScheduleCommand, errors: SCHEDULE_ERRORS },
  ),
  confirmSchedule: defineRpc<ConfirmScheduleCommand, AssignmentView>(
    'scheduling.assignments.confirm_schedule',
    {
      request: ConfirmScheduleCommand,
      errors: SCHEDULE_ERRORS,
    },
  ),
  reschedule: defineRpc<ProposeScheduleCommand, AssignmentView>('scheduling.assignments.reschedule', {
    request: ProposeScheduleCommand,
    errors: SCHEDULE_ERRORS,
  }),
  rejectAssignment: defineRpc<RejectAssignmentCommand, AssignmentView>('scheduling.assignments.reject', {
    request: RejectAssignmentCommand,
    errors: ['NF_RESOURCE', 'BR_INVALID_STATE_TRANSITION'],
  }),
  completeAssignment: defineRpc<CompleteAssignmentCommand, AssignmentView>(
    'scheduling.assignments.complete',
    {
      request: CompleteAssignmentCommand,
      errors: ['NF_RESOURCE', 'BR_INVALID_STATE_TRANSITION', 'BR_VISIT_NOT_STARTED'],
    },
  ),

  createResource: defineRpc<CreateResourceCommand, ResourceView>('scheduling.resources.create', {
    request: CreateResourceCommand,
    errors: CREATE_RESOURCE_ERRORS,
  }),
  listResources: defineRpc<ListResourcesCommand, Page<ResourceView>>('scheduling.resources.list', {
    request: ListResourcesCommand,
    errors: ['VAL_CURSOR'],
  }),
  getResource: defineRpc<ResourceRef, ResourceView>('scheduling.resources.get', {
    request: ResourceRef,
    errors: ['NF_RESOURCE'],
  }),
  updateResource: defineRpc<UpdateResourceCommand, ResourceView>('scheduling.resources.update', {
    request: UpdateResourceCommand,
    errors: UPDATE_RESOURCE_ERRORS,
  }),
  deactivateResource: defineRpc<ResourceRef, ResourceView>('scheduling.resources.deactivate', {
    request: ResourceRef,
    errors: ['NF_RESOURCE'],
  }),
  addTimeOff: defineRpc<AddTimeOffCommand, TimeOffView>('scheduling.resources.time_off.add', {
    request: AddTimeOffCommand,
    errors: ['NF_RESOURCE', 'CF_PRACTITIONER_BUSY', 'CF_ROOM_BUSY', 'CF_RESOURCE_BUSY'],
  }),
  listTimeOff: defineRpc<ListTimeOffCommand, Page<TimeOffView>>('scheduling.resources.time_off.list', {
    request: ListTimeOffCommand,
    errors: LIST_TIME_OFF_ERRORS,
  }),
  removeTimeOff: defineRpc<TimeOffRef, RemovedReply>('scheduling.resources.time_off.remove', {
    request: TimeOffRef,
    errors: ['NF_RESOURCE'],
  }),

  createMyPractitioner: defineRpc<CreateMyPractitionerBody, ResourceView>(
    'scheduling.me.practitioner.create',
    {
      request: CreateMyPractitionerBody,
      errors: CREATE_RESOURCE_ERRORS,
    },
  ),
  getMyPractitioner: defineRpc<Record<string, never>, ResourceView>('scheduling.me.practitioner.get', {
    errors: ['NF_RESOURCE'],
  }),
  updateMyHours: defineRpc<UpdateMyHoursBody, ResourceView>('scheduling.me.practitioner.update_hours', {
    request: UpdateMyHoursBody,
    errors: UPDATE_RESOURCE_ERRORS,
  }),
  addMyTimeOff: defineRpc<AddTimeOffBody, TimeOffView>('scheduling.me.practitioner.time_off.add', {
    request: AddTimeOffBody,
    errors: ['NF_RESOURCE', 'CF_PRACTITIONER_BUSY'],
  }),
  listMyTimeOff: defineRpc<ListTimeOffQuery, Page<TimeOffView>>('scheduling.me.practitioner.time_off.list', {
    request: ListTimeOffQuery,
    errors: LIST_TIME_OFF_ERRORS,
  }),
  removeMyTimeOff: defineRpc<MyTimeOffRef, RemovedReply>('scheduling.me.practitioner.time_off.remove', {
    request: MyTimeOffRef,
    errors: ['NF_RESOURCE'],
  }),

  findAvailability: defineRpc<FindAvailabilityQuery, AvailabilityView>('scheduling.availability.find', {
    request: FindAvailabilityQuery,
    errors: ['NF_RESOURCE', 'VAL_CURSOR', 'BR_INVALID_TIME_ZONE'],
  }),
  explainAvailability: defineRpc<ExplainAvailabilityQuery, SlotExplanationView>(
    'scheduling.availability.explain',
    {
      request: ExplainAvailabilityQuery,
      errors: ['NF_RESOURCE', 'BR_INVALID_TIME_ZONE', 'BR_NONEXISTENT_LOCAL_TIME'],
    },
  ),
  capacity: defineRpc<CapacityQuery, CapacityView>('scheduling.capacity.get', {
    request: CapacityQuery,
    errors: ['NF_RESOURCE'],
  }),
  fulfilment: defineRpc<Record<string, never>, FulfilmentView>('scheduling.fulfilment.get'),
} as const;
