/**
 * The simulator's time. Every step duration is nominal appliance time (a zone failover takes
 * about a minute); the clock's speed factor divides it, so at speed 10 that minute passes in six
 * real seconds. Timestamps are always the clock's `now()`, so a real clock stamps wall time.
 */

/** A scheduled piece of work, for `cancel`. */
export interface ClockTimer {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** How many times faster than the appliance the simulator runs. */
  readonly speed: number;
  /** Runs `run` once `nominalMs` of appliance time has passed, that is `nominalMs / speed` of clock time. */
  schedule(nominalMs: number, run: () => void): ClockTimer;
}

/** A clock the test drives: time stands still until `advance` moves it. */
export interface FakeClock extends Clock {
  /** Moves time forward by `ms` of clock time and runs, in order, all the work that falls due. */
  advance(ms: number): void;
  /** Advances until nothing is scheduled any more, or `limitMs` of clock time has passed. Returns the time advanced. */
  runUntilIdle(limitMs?: number): number;
  /** How much scheduled work is waiting. */
  pending(): number;
}

export interface ClockOptions {
  speed?: number;
}

/**
 * The speeds a clock runs at. Below the minimum, step delays grow past what a timer can wait (at
 * 0.001 the longest step, a 12 s data sync, takes 3 h 20 min); above the maximum every delay is 0.
 */
export const speedRange = { min: 0.001, max: 1_000_000 } as const;

/** The longest delay Node's timers take, about 24.8 days: a longer one would run at once. */
const longestTimerMs = 2 ** 31 - 1;

function checkSpeed(speed: number): number {
  if (!(speed >= speedRange.min && speed <= speedRange.max)) {
    throw new RangeError(
      `The speed factor must be a number from ${speedRange.min} to ${speedRange.max}, not ${speed}.`,
    );
  }
  return speed;
}

/** A clock on wall time, for running the simulator for real. */
export function createRealClock(options: ClockOptions = {}): Clock {
  const speed = checkSpeed(options.speed ?? 1);
  return {
    speed,
    now: () => Date.now(),
    schedule(nominalMs, run) {
      const delay = Math.max(0, nominalMs / speed);
      if (delay > longestTimerMs) {
        throw new RangeError(`A delay of ${delay} ms is longer than a timer can wait (${longestTimerMs} ms).`);
      }
      const timer = setTimeout(run, delay);
      return { cancel: () => clearTimeout(timer) };
    },
  };
}

export interface FakeClockOptions extends ClockOptions {
  /** The time the clock starts at; 2024-11-28T09:00:00Z by default, so tests are reproducible. */
  start?: number;
}

interface FakeEntry {
  due: number;
  order: number;
  run: () => void;
  cancelled: boolean;
}

/** A deterministic clock for tests: work runs only inside `advance`, in due order, synchronously. */
export function createFakeClock(options: FakeClockOptions = {}): FakeClock {
  const speed = checkSpeed(options.speed ?? 1);
  let now = options.start ?? Date.UTC(2024, 10, 28, 9, 0, 0);
  let order = 0;
  let queue: FakeEntry[] = [];

  function nextDue(): FakeEntry | undefined {
    queue = queue.filter((entry) => !entry.cancelled);
    let next: FakeEntry | undefined;
    for (const entry of queue) {
      if (!next || entry.due < next.due || (entry.due === next.due && entry.order < next.order)) next = entry;
    }
    return next;
  }

  function advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`A fake clock advances by a non-negative amount, not ${ms}.`);
    const until = now + ms;
    for (let entry = nextDue(); entry && entry.due <= until; entry = nextDue()) {
      entry.cancelled = true;
      now = Math.max(now, entry.due);
      entry.run();
    }
    now = until;
  }

  // Timestamps are whole milliseconds (the API's are integers), whatever the speed or the advance.
  const wholeNow = () => Math.floor(now);
  return {
    speed,
    now: wholeNow,
    schedule(nominalMs, run) {
      const delay = Math.ceil(Math.max(0, nominalMs / speed));
      const entry: FakeEntry = { due: wholeNow() + delay, order: order++, run, cancelled: false };
      queue.push(entry);
      return {
        cancel: () => {
          entry.cancelled = true;
        },
      };
    },
    advance,
    runUntilIdle(limitMs = 24 * 60 * 60 * 1000) {
      const start = now;
      for (let entry = nextDue(); entry && entry.due - start <= limitMs; entry = nextDue()) advance(entry.due - now);
      return now - start;
    },
    pending: () => queue.filter((entry) => !entry.cancelled).length,
  };
}
