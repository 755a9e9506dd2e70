import { IsUUID } from 'class-validator';

/** `:id` path parameters are UUIDs; anything else is 400 VAL_FAILED before a message is sent. */
export class IdParams {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class TimeOffParams extends IdParams {
  @IsUUID('all', { message: 'time_off_id must be a UUID' })
  time_off_id: string;
}

export class MyTimeOffParams {
  @IsUUID('all', { message: 'time_off_id must be a UUID' })
  time_off_id: string;
}
