import { EventEnvelope, eventDataProblems } from '@slotline/contracts';

/** What is wrong with an envelope's `data` for its `type` (see `eventDataProblems`). */
export type EventDataCheck = (envelope: EventEnvelope) => { unknownType: boolean; problems: string[] };

/**
 * For a consumer that takes every event as it comes (the audit log records even a type it does not
 * know, as evidence); its handler gets a plain `EventEnvelope`. Malformed envelopes still dead-letter.
 */
export const ANY_EVENT_DATA: EventDataCheck = () => ({ unknownType: false, problems: [] });

/** How many checked payloads `DECLARED_EVENT_DATA` remembers (oldest forgotten first). */
const CHECKED_DATA_KEPT = 1_000;
const checkedData = new Map<string, ReturnType<EventDataCheck>>();

/**
 * `data` against the class declared for `type`. A process often runs several consumers that get the
 * same event (notifications: its own and the webhooks'), so the answer for a given type and data is
 * kept: the check is a pure function of both, and class-validator is the costly part of decoding.
 */
export const DECLARED_EVENT_DATA: EventDataCheck = (e) => {
  const key = `${e.type}\n${JSON.stringify(e.data)}`;
  const known = checkedData.get(key);
  if (known) return known;
  const checked = eventDataProblems(e.type, e.data);
  if (checkedData.size >= CHECKED_DATA_KEPT) checkedData.delete(checkedData.keys().next().value!);
  checkedData.set(key, checked);
  return checked;
};
