import { Client, ClientOptions, createClient } from './client';
import type { components, paths } from './schema';

export * from './client';
export type { components, operations, paths } from './schema';

/** The API's named schemas, e.g. `Schemas['TokenPair']`, `Schemas['Problem']`. */
export type Schemas = components['schemas'];

/** A client typed by the Slotline API document. */
export function createSlotlineClient(options: ClientOptions): Client<paths> {
  return createClient<paths>(options);
}
