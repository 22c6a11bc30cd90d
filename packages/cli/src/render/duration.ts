/** Durations as operators type them (`90s`, `5m`, `1h30m`, `500ms`) and as the CLI prints them. */

const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds of a duration such as `30s`, `5m`, `1h30m` or `250ms`; a bare number is seconds. Undefined when it is not one. */
export function parseDuration(value: string): number | undefined {
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== trimmed) return undefined;
  return Math.round(parts.reduce((total, part) => total + Number(part[1]) * units[part[2]!]!, 0));
}

/** A short elapsed time: `0.4s`, `12s`, `4m 05s`, `2h 03m`. */
export function formatElapsed(ms: number): string {
  const safe = Math.max(0, ms);
  if (safe < 10_000) return `${(safe / 1000).toFixed(1)}s`;
  const seconds = Math.floor(safe / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** A timestamp of the API (epoch milliseconds, 0 for not yet) as local date and time, or an empty string; with `today`, a time of today is the time alone. */
export function formatTime(epochMs: number, options: { today?: boolean; now?: number } = {}): string {
  if (!epochMs) return '';
  const date = new Date(epochMs);
  const pad = (value: number) => String(value).padStart(2, '0');
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  if (options.today && new Date(options.now ?? Date.now()).toDateString() === date.toDateString()) return time;
  return `${day} ${time}`;
}
