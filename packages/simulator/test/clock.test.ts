import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeClock, createRealClock } from '../src/index.js';

describe('the fake clock', () => {
  it('runs scheduled work only when advanced, in due order, at its due time', () => {
    const clock = createFakeClock({ start: 1_000 });
    const seen: Array<[string, number]> = [];
    clock.schedule(300, () => seen.push(['c', clock.now()]));
    clock.schedule(100, () => {
      seen.push(['a', clock.now()]);
      clock.schedule(50, () => seen.push(['b', clock.now()]));
    });
    clock.schedule(300, () => seen.push(['d', clock.now()]));
    expect(seen).toEqual([]);
    clock.advance(149);
    expect(seen).toEqual([['a', 1_100]]);
    expect(clock.now()).toBe(1_149);
    clock.advance(1_000);
    expect(seen).toEqual([
      ['a', 1_100],
      ['b', 1_150],
      ['c', 1_300],
      ['d', 1_300],
    ]);
    expect(clock.pending()).toBe(0);
  });

  it('divides nominal durations by its speed', () => {
    const clock = createFakeClock({ start: 0, speed: 10 });
    let ranAt = -1;
    clock.schedule(60_000, () => {
      ranAt = clock.now();
    });
    expect(clock.runUntilIdle()).toBe(6_000);
    expect(ranAt).toBe(6_000);
  });

  it('keeps time in whole milliseconds at any speed and after a fractional advance', () => {
    const clock = createFakeClock({ start: 0, speed: 7 });
    const ranAt: number[] = [];
    clock.schedule(3_000, () => ranAt.push(clock.now()));
    clock.schedule(1, () => ranAt.push(clock.now()));
    clock.advance(0.4);
    expect(clock.now()).toBe(0);
    clock.advance(0.7);
    expect(clock.now()).toBe(1);
    clock.runUntilIdle();
    // 3000 / 7 = 428.57…: the work runs at the next whole millisecond, never before its time.
    expect(ranAt).toEqual([1, 429]);
    expect(clock.now()).toBe(429);
  });

  it('does not run cancelled work', () => {
    const clock = createFakeClock();
    const run = vi.fn();
    clock.schedule(10, run).cancel();
    clock.advance(100);
    expect(run).not.toHaveBeenCalled();
  });

  it('stops runUntilIdle at its limit', () => {
    const clock = createFakeClock({ start: 0 });
    const tick = () => clock.schedule(1_000, tick);
    tick();
    expect(clock.runUntilIdle(10_000)).toBe(10_000);
    expect(clock.pending()).toBe(1);
  });

  it('refuses a speed that is not positive and a negative advance', () => {
    expect(() => createFakeClock({ speed: 0 })).toThrow(RangeError);
    expect(() => createRealClock({ speed: Number.NaN })).toThrow(RangeError);
    expect(() => createFakeClock().advance(-1)).toThrow(RangeError);
  });
});

describe('the real clock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('tells wall time and schedules nominal durations divided by its speed', () => {
    vi.useFakeTimers({ now: 5_000 });
    const clock = createRealClock({ speed: 4 });
    expect(clock.now()).toBe(5_000);
    const run = vi.fn();
    const timer = clock.schedule(1_000, run);
    vi.advanceTimersByTime(249);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledOnce();
    const cancelled = vi.fn();
    clock.schedule(1_000, cancelled).cancel();
    timer.cancel();
    vi.advanceTimersByTime(1_000);
    expect(cancelled).not.toHaveBeenCalled();
  });
});
