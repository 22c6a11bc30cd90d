import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Job } from '@eyeglass-jobs/types';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  createFakeClock,
  createSimulatorService,
  failoverTiming,
  openDatabase,
  queryDefaults,
  type SimulatorDatabase,
} from '../../src/index.js';
import { dr, manyZoneId, manyZones, production, zoneId } from '../fixtures/inventories.js';
import { createTestSimulator, type TestSimulator } from '../fixtures/test-simulator.js';

// "Full" is made to happen at a chosen point with SQLite's page limit: from `fill` on, any write
// that needs one more page of the database fails with SQLITE_FULL, as on a full disk.
function fill(db: SimulatorDatabase): void {
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true })}`);
}
function free(db: SimulatorDatabase): void {
  db.pragma('max_page_count = 1073741823');
  db.pragma('query_only = OFF');
}
// A database that takes no write at all, as on a file system remounted read-only.
function freeze(db: SimulatorDatabase): void {
  db.pragma('query_only = ON');
}

const storageFull = { code: 503, message: expect.stringMatching(/^Storage full: .*nothing was changed/) };
const storageFailed = {
  code: 503,
  message: expect.stringMatching(/^Storage failed: the simulator cannot write its database, so nothing was changed/),
};

function recordingLogger() {
  const events: Array<{ message: string; record: Record<string, unknown> }> = [];
  const record = (entry: object, message: string) => {
    events.push({ message, record: entry as Record<string, unknown> });
  };
  return { events, logger: { info: record, warn: record } };
}

let sim: TestSimulator | undefined;
let db: SimulatorDatabase | undefined;
afterEach(() => {
  sim?.close();
  db?.close();
  sim = undefined;
  db = undefined;
});

const dir = mkdtempSync(join(tmpdir(), 'eyeglass-sim-storage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Launches failovers of the zones of `manyZones` in turn until one is refused; returns what came back. */
async function launchUntilRefused(simulator: TestSimulator, zones: number, from = 0) {
  const created: string[] = [];
  for (let index = from; index < zones; index++) {
    const query = { sourceid: production, targetid: dr, failovertarget: manyZoneId(index), controlled: false };
    const reply = await simulator.request('launchFailover', { query });
    if (reply.status === 503) return { created, refused: { index, reply } };
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    created.push((reply.body as { id: string }).id);
  }
  throw new Error(`${zones} launches were all stored: the database never filled`);
}

async function listedIds(simulator: TestSimulator): Promise<string[]> {
  const reply = await simulator.request('listFailoverJobs', { query: { state: 'all' } });
  expect(reply.status).toBe(200);
  return (reply.body as Job[]).map((job) => job.id);
}

describe('when the storage is full', () => {
  it('answers a launch it cannot store with 503 and creates nothing: a retry gets 503 again, not 409', async () => {
    db = openDatabase(':memory:');
    sim = createTestSimulator({ db, inventory: manyZones(80) });
    fill(db);
    const { created, refused } = await launchUntilRefused(sim, 80);
    expect(refused.reply.body).toEqual(storageFull);
    // Nothing of the refused launch exists: not in the lists, and its zone is not held.
    expect((await listedIds(sim)).sort()).toEqual([...created].sort());
    const again = { sourceid: production, targetid: dr, failovertarget: manyZoneId(refused.index), controlled: false };
    expect((await sim.request('launchFailover', { query: again })).body).toEqual(storageFull);
    expect((await sim.request('runReadinessJob')).body).toEqual(storageFull);
    sim.clock.advance(10_000);
    expect((await listedIds(sim)).sort()).toEqual([...created].sort());

    free(db);
    const retried = await sim.request('launchFailover', { query: again });
    expect(retried.status).toBe(201);
    sim.settle();
    const jobs = await Promise.all([...created, (retried.body as { id: string }).id].map((id) => sim!.job(id)));
    expect(jobs.map((job) => [job.jobStatusDetails.state, job.success])).toEqual(jobs.map(() => ['finished', true]));
  });

  it('answers a cancel it cannot store with 503, and the job goes on as if it had not been asked', async () => {
    db = openDatabase(':memory:');
    sim = createTestSimulator({ db, inventory: manyZones(80) });
    const running = [];
    for (let index = 0; index < 5; index++) running.push(await sim.launch({ failovertarget: manyZoneId(index) }));
    sim.clock.advance(failoverTiming.validate + failoverTiming.wait + 500);
    fill(db);
    await launchUntilRefused(sim, 80, 5);
    // Cancels while the database is full: each is taken (200) where a page still had room, or
    // refused (503) with nothing changed.
    const answers = new Map<string, number>();
    for (const id of running.slice(0, 4)) {
      const reply = await sim.request('cancelFailoverJob', { params: { id } });
      answers.set(id, reply.status);
      if (reply.status === 503) expect(reply.body).toEqual(storageFull);
      else expect(reply.status).toBe(200);
    }
    // A cancel while the database takes no write at all is refused.
    free(db);
    freeze(db);
    const last = running[4]!;
    expect((await sim.request('cancelFailoverJob', { params: { id: last } })).body).toEqual(storageFailed);
    answers.set(last, 503);

    free(db);
    sim.settle();
    for (const [id, status] of answers) {
      const job = await sim.job(id);
      const log = await sim.log(id);
      if (status === 503) {
        expect(log).not.toContain('Cancel requested');
        expect(job).toMatchObject({ success: true, jobStatusDetails: { state: 'finished', status: 'OK' } });
      } else {
        expect(log).toContain('Cancel requested');
        expect(job).toMatchObject({ success: false, jobStatusDetails: { state: 'finished', status: 'CANCELLED' } });
      }
    }
  });

  it('holds a running job whose next step cannot be stored, goes on serving reads, and resumes it once storage is back', async () => {
    db = openDatabase(':memory:');
    const { events, logger } = recordingLogger();
    sim = createTestSimulator({ db, inventory: manyZones(5), logger });
    const ids = [];
    for (let index = 0; index < 5; index++) ids.push(await sim.launch({ failovertarget: manyZoneId(index) }));
    fill(db);
    // Each step's events append log lines; soon one needs a page the database may not take.
    for (let second = 0; second < 120 && !events.some((event) => event.message.startsWith('job held')); second++) {
      sim.clock.advance(1_000);
    }
    const held = events.find((event) => event.message.startsWith('job held'));
    expect(held, 'no job held: the database never filled').toBeDefined();
    const heldId = held!.record.job as string;
    const before = await sim.job(heldId);
    const logBefore = await sim.log(heldId);
    expect(before.jobStatusDetails.state).toBe('running');

    // An hour on, the held job is as it was: nothing shown that is not stored, nothing skipped.
    sim.clock.advance(60 * 60 * 1000);
    expect(await sim.job(heldId)).toEqual(before);
    expect(await sim.log(heldId)).toBe(logBefore);
    const list = await sim.request('listFailoverJobs', { query: { state: 'running' } });
    expect(list.status).toBe(200);
    expect((list.body as Job[]).map((job) => job.id)).toContain(heldId);

    free(db);
    sim.settle();
    expect(events.some((event) => event.message.startsWith('job resumed') && event.record.job === heldId)).toBe(true);
    for (const id of ids) {
      const job = await sim.job(id);
      expect(job).toMatchObject({ success: true, jobStatusDetails: { state: 'finished', status: 'OK' } });
      // Every step logged its start and its end once.
      const lines = (await sim.log(id)).trimEnd().split('\n');
      const messages = lines.map((line) => line.split(/ +/).slice(2).join(' '));
      expect(new Set(messages).size, lines.join('\n')).toBe(messages.length);
      expect(messages.at(-1)).toMatch(/: finished OK - /);
    }
  });

  it('keeps a real clock running when a step cannot be stored: no error escapes a timer', async () => {
    db = openDatabase(':memory:');
    const { events, logger } = recordingLogger();
    const service = createSimulatorService({ db, inventory: manyZones(5), speed: 1_000, logger });
    const input = (failovertarget: string) => ({
      params: {},
      headers: {},
      body: undefined,
      query: { ...queryDefaults('launchFailover'), sourceid: production, targetid: dr, failovertarget } as never,
    });
    for (let index = 0; index < 5; index++) {
      expect((await service.launchFailover(input(manyZoneId(index)))).status).toBe(201);
    }
    fill(db);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(events.some((event) => event.message.startsWith('job held'))).toBe(true);
    const read = await service.listFailoverJobs({ params: {}, headers: {}, body: undefined, query: { state: 'all' } });
    expect(read.status).toBe(200);
    free(db);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const finished = await service.listFailoverJobs({
      params: {},
      headers: {},
      body: undefined,
      query: { state: 'finished' },
    });
    expect((finished.body as Job[]).length).toBe(5);
    service.close();
  });

  it('closes without error when the interrupted jobs cannot be stored; the next start finishes them', async () => {
    const path = join(dir, 'close-full.db');
    const { events, logger } = recordingLogger();
    const clock = createFakeClock();
    const fileDb = openDatabase(path);
    const first = createSimulatorService({ db: fileDb, clock, logger });
    const launched = await first.launchFailover({
      params: {},
      headers: {},
      body: undefined,
      query: {
        ...queryDefaults('launchFailover'),
        sourceid: production,
        targetid: dr,
        failovertarget: zoneId('finance'),
      } as never,
    });
    const id = (launched.body as { id: string }).id;
    clock.advance(5_000);
    freeze(fileDb);
    expect(() => first.close()).not.toThrow();
    expect(events.map((event) => event.message)).toContain(
      'running jobs could not be recorded as interrupted: the next start finishes them so',
    );
    expect((await first.getFailoverJob({ params: { id }, headers: {}, body: undefined, query: {} })).status).toBe(503);
    fileDb.close();

    const second = createSimulatorService({ dbPath: path, clock });
    expect(second.recovered).toEqual([id]);
    second.close();
  });
});
