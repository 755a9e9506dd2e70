/**
 * A fake in the place of a class with private members (which TypeScript compares by name, not shape).
 * `Partial<T>` still checks the signature of every member the fake does implement.
 */
export function substitute<T>(fake: Partial<NoInfer<T>>): T {
  return fake as T;
}
