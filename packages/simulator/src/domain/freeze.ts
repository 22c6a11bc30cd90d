/** Freezing views that never change, which lets the route layer serialize them once. */

/** Freezes `value` and everything in it, stopping at what is frozen already. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
