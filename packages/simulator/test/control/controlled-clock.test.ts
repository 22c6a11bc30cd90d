/** The clock of a simulator with the control API: frozen, resumed, advanced and at any speed. */
import { describe, expect, it } from 'vitest';
import { createControlledClock } from '../../src/control/controlled-clock.js';
import { MAX_DURATION_MS, parseDuration } from '../../src/control/duration.js';

describe('createControlledClock', () => {
  it('frozen, stands still; advancing runs the work that falls due, in order, at the time it is due', () => {
    const clock = createControlledClock({ frozen: true, start: 1_000 });
    const ran: Array<[string, number]> = [];
    clock.schedule(500, () => ran.push(['b', clock.now()]));
    clock.schedule(200, () => {
      ran.push(['a', clock.now()]);
      // Work scheduled by work runs in the same advance when it falls due within it.
      clock.schedule(100, () => ran.push(['a2', clock.now()]));
    });
    clock.schedule(5_000, () => ran.push(['late', clock.now()]));
    expect(clock.now()).toBe(1_000);
    expect(clock.pending()).toBe(3);
    clock.advance(1_000);
    expect(ran).toEqual([
      ['a', 1_200],
      ['a2', 1_300],
      ['b', 1_500],
    ]);
    expect(clock.now()).toBe(2_000);
    expect(clock.pending()).toBe(1);
  });

  it('divides appliance time by its speed, and a new speed applies to what is left of the work under way', () => {
    const clock = createControlledClock({ frozen: true, start: 0, speed: 10 });
    let done = -1;
    clock.schedule(60_000, () => {
      done = clock.now();
    });
    clock.advance(3_000); // half of the 6 s the minute takes at speed 10
    clock.setSpeed(30); // the other 30 s of appliance time take 1 s now
    clock.advance(999);
    expect(done).toBe(-1);
    clock.advance(1);
    expect(done).toBe(4_000);
    expect(clock.speed).toBe(30);
  });

  it('cancelled work never runs', () => {
    const clock = createControlledClock({ frozen: true, start: 0 });
    let ran = false;
    clock
      .schedule(10, () => {
        ran = true;
      })
      .cancel();
    clock.advance(100);
    expect(ran).toBe(false);
    expect(clock.pending()).toBe(0);
  });

  it('running, does its work on wall time; frozen, waits; resumed, goes on from where it stood', async () => {
    const clock = createControlledClock({ speed: 1000 });
    const first = new Promise<number>((resolve) => clock.schedule(20, () => resolve(clock.now())));
    const scheduledAt = clock.now();
    expect(await first).toBeGreaterThanOrEqual(scheduledAt);
    clock.freeze();
    const frozenAt = clock.now();
    let ran = false;
    clock.schedule(1, () => {
      ran = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(ran).toBe(false);
    expect(clock.now()).toBe(frozenAt);
    clock.resume();
    await expect.poll(() => ran).toBe(true);
    expect(clock.now()).toBeGreaterThanOrEqual(frozenAt);
    expect(clock.frozen).toBe(false);
  });

  it('time never goes back, and bad amounts are refused', () => {
    const clock = createControlledClock({ start: 5_000 });
    const before = clock.now();
    clock.freeze();
    clock.resume();
    expect(clock.now()).toBeGreaterThanOrEqual(before);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.setSpeed(0)).toThrow(RangeError);
    expect(() => createControlledClock({ speed: Number.NaN })).toThrow(RangeError);
  });
});

describe('parseDuration', () => {
  it('reads milliseconds and unit strings', () => {
    expect(parseDuration(1500)).toBe(1500);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('0s')).toBe(0);
  });

  it('refuses anything else, saying how to write one', () => {
    for (const bad of ['', '1', 'h', '1 h', '1hour', '-1s', '1h-', '1e3ms']) {
      expect(() => parseDuration(bad), bad).toThrow(/is not a duration: write it as 1h, 90s, 1h30m, 1.5h or 500ms/);
    }
    expect(() => parseDuration(-1)).toThrow(RangeError);
    expect(() => parseDuration(1.5)).toThrow(RangeError);
    expect(() => parseDuration(MAX_DURATION_MS + 1)).toThrow(RangeError);
    expect(() => parseDuration('3651d')).toThrow(/longer than 3650 days/);
  });
});
