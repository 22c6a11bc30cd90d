/**
 * The clock of a simulator with the control API: it runs on wall time like the real clock, at a
 * speed that can change, and it can be frozen (time stands still), resumed (from where it stood)
 * and advanced (at once, running every piece of work that falls due on the way, at the time it is
 * due, as the fake clock does). Time never goes back.
 */
import type { Clock, ClockTimer } from '../clock.js';

export interface ControlledClock extends Clock {
  readonly frozen: boolean;
  /** Stops time: scheduled work waits until `advance` or `resume`. */
  freeze(): void;
  /** Lets time run again from where it stood. */
  resume(): void;
  /** Sets the speed; work already scheduled keeps the appliance time it has left, at the new speed. */
  setSpeed(speed: number): void;
  /** Moves time forward by `ms` at once and runs, in order, all the work that falls due. */
  advance(ms: number): void;
  /** How much scheduled work is waiting. */
  pending(): number;
}

export interface ControlledClockOptions {
  speed?: number;
  /** Starts frozen, for tests that move time themselves. */
  frozen?: boolean;
  /** The time it starts at; now by default. */
  start?: number;
}

interface Entry {
  /** Clock time it falls due, in (possibly fractional) milliseconds. */
  due: number;
  order: number;
  run: () => void;
  cancelled: boolean;
}

function checkSpeed(speed: number): number {
  if (!Number.isFinite(speed) || speed <= 0) {
    throw new RangeError(`The speed factor must be a positive number, not ${speed}.`);
  }
  return speed;
}

const wallNow = (): number => performance.now();

export function createControlledClock(options: ControlledClockOptions = {}): ControlledClock {
  let speed = checkSpeed(options.speed ?? 1);
  let frozen = options.frozen ?? false;
  /** The clock's time at `wallAtBase`; while frozen or advancing, the time itself. */
  let base = options.start ?? Date.now();
  let wallAtBase = wallNow();
  let advancing = false;
  let order = 0;
  let queue: Entry[] = [];
  let timer: NodeJS.Timeout | undefined;

  const exactNow = (): number => (frozen || advancing ? base : base + (wallNow() - wallAtBase));
  /** Pins the current time into `base`, so a change of mode or speed starts from it. */
  const settle = (): void => {
    base = exactNow();
    wallAtBase = wallNow();
  };

  function next(): Entry | undefined {
    queue = queue.filter((entry) => !entry.cancelled);
    let first: Entry | undefined;
    for (const entry of queue) {
      if (!first || entry.due < first.due || (entry.due === first.due && entry.order < first.order)) first = entry;
    }
    return first;
  }

  /** Runs what is due now, on wall time (a running clock), then waits for the next entry. */
  function runDue(): void {
    timer = undefined;
    for (let entry = next(); entry && !frozen && entry.due <= exactNow(); entry = next()) {
      entry.cancelled = true;
      entry.run();
    }
    arm();
  }

  function arm(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (frozen || advancing) return;
    const first = next();
    if (!first) return;
    timer = setTimeout(runDue, Math.max(0, Math.ceil(first.due - exactNow())));
  }

  return {
    get speed() {
      return speed;
    },
    get frozen() {
      return frozen;
    },
    // Timestamps are whole milliseconds (the API's are integers).
    now: () => Math.floor(exactNow()),
    schedule(nominalMs, run): ClockTimer {
      const entry: Entry = { due: exactNow() + Math.max(0, nominalMs) / speed, order: order++, run, cancelled: false };
      queue.push(entry);
      arm();
      return {
        cancel: () => {
          if (entry.cancelled) return;
          entry.cancelled = true;
          arm();
        },
      };
    },
    freeze() {
      if (frozen) return;
      settle();
      frozen = true;
      arm();
    },
    resume() {
      if (!frozen) return;
      wallAtBase = wallNow();
      frozen = false;
      arm();
    },
    setSpeed(next) {
      const factor = speed / checkSpeed(next);
      settle();
      for (const entry of queue) if (entry.due > base) entry.due = base + (entry.due - base) * factor;
      speed = next;
      arm();
    },
    advance(ms) {
      if (!(ms >= 0) || !Number.isFinite(ms))
        throw new RangeError(`The clock advances by a non-negative amount, not ${ms}.`);
      if (advancing) throw new Error('The clock is already advancing.');
      settle();
      const until = base + ms;
      advancing = true;
      try {
        for (let entry = next(); entry && entry.due <= until; entry = next()) {
          entry.cancelled = true;
          base = Math.max(base, entry.due);
          entry.run();
        }
      } finally {
        base = until;
        wallAtBase = wallNow();
        advancing = false;
        arm();
      }
    },
    pending: () => queue.filter((entry) => !entry.cancelled).length,
  };
}
