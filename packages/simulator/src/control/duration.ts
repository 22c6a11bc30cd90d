/**
 * Durations as tests write them: whole milliseconds, or `1h`, `90s`, `1h30m`, `1.5h`, `500ms`,
 * `2d`. The control API's `Duration` schema allows the same shapes; this turns them into
 * milliseconds.
 */

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d)/gy;

/** The longest duration accepted: ten years, as the spec says. */
export const MAX_DURATION_MS = 3650 * UNITS.d!;

/** A duration: milliseconds, or a string such as `1h30m`. */
export type Duration = number | string;

/** Milliseconds of a duration, rounded to whole milliseconds; throws a RangeError naming the problem. */
export function parseDuration(duration: Duration): number {
  if (typeof duration === 'number') {
    if (!Number.isInteger(duration) || duration < 0 || duration > MAX_DURATION_MS) {
      throw new RangeError(
        `A duration in milliseconds must be a whole number from 0 to ${MAX_DURATION_MS}, not ${duration}.`,
      );
    }
    return duration;
  }
  let total = 0;
  let at = 0;
  PART.lastIndex = 0;
  for (let match = PART.exec(duration); match; match = PART.exec(duration)) {
    total += Number(match[1]) * UNITS[match[2]!]!;
    at = PART.lastIndex;
  }
  if (duration.length === 0 || at !== duration.length) {
    throw new RangeError(`"${duration}" is not a duration: write it as 1h, 90s, 1h30m, 1.5h or 500ms.`);
  }
  const ms = Math.round(total);
  if (ms > MAX_DURATION_MS) throw new RangeError(`"${duration}" is longer than 3650 days.`);
  return ms;
}
