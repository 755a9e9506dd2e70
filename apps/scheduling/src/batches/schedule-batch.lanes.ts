/**
 * SCH-8. How the pending items at the head of a `skip` or `next_available` batch are split into lanes worked
 * side by side, one transaction (and connection) each. Items that share a resource (practitioner, room,
 * equipment), directly or through other items, always land in the same lane, in position order: lanes never
 * wait on each other's resource locks, and among items that compete for the same windows the earlier
 * position still goes first, as when the batch is worked one item at a time. A lane takes at most
 * `chunkSize` items; what does not fit waits for the next round, behind the items before it.
 */
export function splitIntoLanes<T extends { position: number }>(
  items: readonly T[],
  resourcesOf: (item: T) => readonly string[],
  lanes: number,
  chunkSize: number,
): T[][] {
  // Items joined through shared resources (union-find over positions, a resource's first holder as link).
  const parent = new Map<number, number>();
  const find = (p: number): number => {
    let root = p;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(p, root);
    return root;
  };
  const holder = new Map<string, number>();
  for (const item of items) {
    parent.set(item.position, item.position);
    for (const resource of resourcesOf(item)) {
      const first = holder.get(resource);
      if (first === undefined) holder.set(resource, item.position);
      else parent.set(find(item.position), find(first));
    }
  }
  // Groups in the order of their first item; each group's items in position order.
  const groups = new Map<number, T[]>();
  for (const item of [...items].sort((a, b) => a.position - b.position)) {
    const root = find(item.position);
    const group = groups.get(root);
    if (group) group.push(item);
    else groups.set(root, [item]);
  }
  const out: T[][] = Array.from({ length: lanes }, () => []);
  for (const group of groups.values()) {
    // The emptiest lane with room; a group is never split across lanes, only cut short.
    const lane = out.reduce((best, l) => (l.length < best.length ? l : best));
    if (lane.length >= chunkSize) break;
    lane.push(...group.slice(0, chunkSize - lane.length));
  }
  return out.filter((l) => l.length > 0).map((l) => l.sort((a, b) => a.position - b.position));
}
