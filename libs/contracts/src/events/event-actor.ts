import { IsString, MaxLength } from 'class-validator';
import type { EventActor } from './event-envelope';

/** The validated shape of an `actor` inside event data (the envelope's own actor is checked apart). */
export class EventActorData implements EventActor {
  @IsString()
  @MaxLength(64)
  user_id: string;

  @IsString()
  @MaxLength(32)
  role: string;
}
