import { v7 } from 'uuid';

/** Time-ordered ids (UUIDv7): index-friendly and sortable by creation time. */
export function uuidv7(): string {
  return v7();
}
