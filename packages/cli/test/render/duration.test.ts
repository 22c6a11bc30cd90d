/** Durations as operators type them and as the CLI prints them. */
import { describe, expect, test } from 'vitest';
import { formatElapsed, parseDuration } from '../../src/render/duration.js';

describe('parseDuration', () => {
  test.each<[string, number | undefined]>([
    ['30', 30_000],
    ['1.5', 1500],
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['2h', 7_200_000],
    ['1m30s', 90_000],
    ['', undefined],
    ['soon', undefined],
    ['5 minutes', undefined],
    ['5m soon', undefined],
    ['-5s', undefined],
  ])('%j is %j ms', (given, want) => {
    expect(parseDuration(given)).toBe(want);
  });
});

describe('formatElapsed', () => {
  test.each<[number, string]>([
    [0, '0.0s'],
    [-20, '0.0s'],
    [420, '0.4s'],
    [9_949, '9.9s'],
    [12_300, '12s'],
    [245_000, '4m 05s'],
    [7_380_000, '2h 03m'],
  ])('%j ms prints as %j', (ms, want) => {
    expect(formatElapsed(ms)).toBe(want);
  });
});
