/**
 * The order a reader meets the API in on /docs: signing in and their own account first, then the
 * work itself, then reports and platform endpoints, admin last. Swagger UI lists tags in the order of
 * the document's `tags`. A tag not named here goes after the known user-facing ones, alphabetically;
 * every `Admin: …` tag goes at the very end.
 */
const USER_FIRST = [
  'Auth',
  'Me',
  'Sessions',
  'Two-factor',
  'Jobs',
  'Assignments',
  'Availability',
  'My practitioner profile',
];
const BEFORE_ADMIN = ['Scheduling reports', 'Documentation', 'Health', 'Metrics'];
const ADMIN_PREFIX = 'Admin';

function rank(tag: string): [number, number] {
  if (USER_FIRST.includes(tag)) return [0, USER_FIRST.indexOf(tag)];
  if (tag.startsWith(ADMIN_PREFIX)) return [3, 0];
  if (BEFORE_ADMIN.includes(tag)) return [2, BEFORE_ADMIN.indexOf(tag)];
  return [1, 0];
}

export function orderTags(tags: Iterable<string>): string[] {
  return [...tags].sort((a, b) => {
    const [ga, ia] = rank(a);
    const [gb, ib] = rank(b);
    return ga - gb || ia - ib || a.localeCompare(b);
  });
}
