import { getMetadataStorage, MetadataStorage } from 'class-validator';

type Lookup = MetadataStorage['getTargetValidationMetadatas'];
type Metadata = ReturnType<Lookup>;
type Grouped = ReturnType<MetadataStorage['groupByPropertyName']>;

const CACHED = Symbol.for('slotline.validationMetadataCache');

/**
 * class-validator works out a DTO's rules on every validation: it tests the class against every class
 * that has rules (`instanceof`, for inherited rules), filters them, and groups them by property again —
 * a scan that grows with the number of DTOs in the process (2.7 % of scheduling's CPU under bookings).
 * The answer depends only on the class, the options and the rules registered, and rules are registered
 * when classes are defined, so it is kept per class and options and forgotten whenever a rule is added.
 * Calls with validation groups are not cached (none of ours use them). Same rules, same order, so the
 * same errors. Idempotent: the process-wide storage is wrapped once.
 */
export function cacheValidationMetadata(
  storage: MetadataStorage & { [CACHED]?: true } = getMetadataStorage(),
): void {
  if (storage[CACHED]) return;
  storage[CACHED] = true;
  const lookup = storage.getTargetValidationMetadatas;
  const group = storage.groupByPropertyName;
  const add = storage.addValidationMetadata;
  let byTarget = new WeakMap<object, Map<string, Metadata>>();
  let grouped = new WeakMap<Metadata, Grouped>();

  storage.addValidationMetadata = function (this: MetadataStorage, ...args) {
    byTarget = new WeakMap();
    grouped = new WeakMap();
    return add.apply(this, args);
  };
  storage.getTargetValidationMetadatas = function (
    this: MetadataStorage,
    target,
    schema,
    always,
    strictGroups,
    groups,
  ) {
    if ((groups && groups.length) || typeof target !== 'function') {
      return lookup.call(this, target, schema, always, strictGroups, groups);
    }
    const key = `${schema}\u0000${always}\u0000${strictGroups}`;
    let forTarget = byTarget.get(target);
    if (!forTarget) byTarget.set(target, (forTarget = new Map()));
    let found = forTarget.get(key);
    if (!found) forTarget.set(key, (found = lookup.call(this, target, schema, always, strictGroups, groups)));
    return found;
  };
  storage.groupByPropertyName = function (this: MetadataStorage, metadata) {
    let found = grouped.get(metadata);
    if (!found) grouped.set(metadata, (found = group.call(this, metadata)));
    return found;
  };
}
