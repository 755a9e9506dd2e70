import { defineEvent } from '@slotline/contracts';
import { IsInt, IsOptional, IsString } from 'class-validator';

/** A payload for the messaging tests: loose on purpose, but typed, so a wrong `n` is invalid data. */
export class ProbeData {
  @IsOptional()
  @IsInt()
  n?: number;

  @IsOptional()
  @IsString()
  id?: string;
}

export const PROBE_EVENTS = {
  happened: defineEvent('evt.probe.thing.happened.v1', ProbeData),
  other: defineEvent('evt.probe.thing.changed.v1', ProbeData),
} as const;

/** Type → data of the probe events, for `OutboxWriter<ProbeEventMap>`. */
export type ProbeEventMap = Record<(typeof PROBE_EVENTS)[keyof typeof PROBE_EVENTS]['type'], ProbeData>;
