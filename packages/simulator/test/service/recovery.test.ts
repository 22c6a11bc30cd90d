import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsxArguments } from '@eyeglass-jobs/test-support';
import type { JobStatusDetail } from '@eyeglass-jobs/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock, openDatabase } from '../../src/index.js';
import { zoneId } from '../fixtures/inventories.js';
import { createTestSimulator, type TestSimulator } from '../fixtures/test-simulator.js';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const crashing = fileURLToPath(new URL('../fixtures/crashing-simulator.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'eyeglass-sim-recovery-'));
const dbPath = join(dir, 'simulator.db');

interface Ids {
  running: string;
  pending: string;
  readiness: string;
}

/** Starts the crashing simulator, waits for its ids, and kills it with SIGKILL. */
async function runAndKill(): Promise<{ ids: Ids; signal: NodeJS.Signals | null; walExisted: boolean }> {
  const child = spawn(process.execPath, tsxArguments(crashing, dbPath), {
    cwd: packageDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  child.stderr.on('data', (chunk) => {
    errors += chunk;
  });
  const ids = await new Promise<Ids>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('\n')) resolve(JSON.parse(output));
    });
    child.on('exit', (code) => reject(new Error(`The simulator exited early (${code}): ${errors}`)));
  });
  const walExisted = existsSync(`${dbPath}-wal`);
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_, signal) => resolve(signal)));
  child.kill('SIGKILL');
  return { ids, signal: await exited, walExisted };
}

function steps(detail: JobStatusDetail): JobStatusDetail[] {
  return [detail, ...detail.childrenDetails.flatMap(steps)];
}

let killed: Awaited<ReturnType<typeof runAndKill>>;
let sim: TestSimulator;
const restartedAt = Date.UTC(2024, 10, 28, 10, 0, 0);

beforeAll(async () => {
  killed = await runAndKill();
  sim = createTestSimulator({ dbPath, clock: createFakeClock({ start: restartedAt }) });
}, 30_000);
afterAll(() => {
  sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a restart after the process was killed with SIGKILL', () => {
  it('really killed a process that had written its jobs to a WAL database', () => {
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.walExisted).toBe(true);
    expect([...sim.service.recovered].sort()).toEqual(
      [killed.ids.running, killed.ids.pending, killed.ids.readiness].sort(),
    );
  });

  it('finishes the running failover with success=false at the step it was in, keeping what it did', async () => {
    const job = await sim.job(killed.ids.running);
    expect(job.success).toBe(false);
    expect(job.finished).toBe(restartedAt);
    expect(job.jobStatusDetails).toMatchObject({
      state: 'finished',
      status: 'ERROR',
      info: 'Interrupted: the simulator stopped while step "Allow writes on target for finance-archive" was running.',
    });
    const byName = new Map(steps(job.jobStatusDetails).map((step) => [step.name, step]));
    expect(byName.get('Run SyncIQ policy finance-archive')).toMatchObject({ state: 'finished', status: 'OK' });
    expect(byName.get('Allow writes on target for finance-sync')).toMatchObject({ status: 'OK' });
    expect(byName.get('Allow writes on target for finance-archive')).toMatchObject({
      state: 'finished',
      status: 'ERROR',
      info: 'Interrupted: the simulator stopped while this step was running.',
    });
    expect(byName.get('Make target writable')).toMatchObject({ status: 'ERROR' });
    expect(byName.get('Fail over networking')).toMatchObject({
      status: 'SKIPPED',
      info: 'Not run: the job was interrupted.',
    });
    expect(steps(job.jobStatusDetails).every((step) => step.state === 'finished')).toBe(true);
    // finance-sync was failed over before the kill, and stays so.
    expect(job.failoverTarget.zone.failoverReadiness.status).toBe('PARTIALLY_FAILED_OVER');
  });

  it('keeps every log line written before the kill and says what happened', async () => {
    const lines = (await sim.log(killed.ids.running)).trimEnd().split('\n');
    expect(lines[0]).toContain(`Failover job ${killed.ids.running} launched`);
    expect(lines.at(-2)).toContain('Allow writes on target for finance-archive: started');
    expect(lines.at(-1)).toBe(
      '2024-11-28T10:00:00.000Z ERROR Interrupted: the simulator stopped while step "Allow writes on target for finance-archive" was running. The job is finished with success=false.',
    );
  });

  it('finishes the pending failover and the running readiness job', async () => {
    const pending = await sim.job(killed.ids.pending);
    expect(pending).toMatchObject({
      success: false,
      jobStatusDetails: {
        state: 'finished',
        status: 'ERROR',
        info: 'Interrupted: the simulator stopped before the job started.',
      },
    });
    const readiness = await sim.readinessJob(killed.ids.readiness);
    expect(readiness).toMatchObject({ state: 'finished', status: 'ERROR' });
    expect(steps(readiness).some((step) => step.status === 'OK')).toBe(true);
  });

  it('holds no stale locks: the zone and a new readiness job can be launched again', async () => {
    const running = await sim.request('listFailoverJobs', { query: { state: 'running' } });
    expect(running.body).toEqual([]);
    expect((await sim.request('runReadinessJob')).status).toBe(201);
    const again = await sim.request('launchFailover', {
      query: {
        sourceid: (await sim.job(killed.ids.running)).sourceNode.id,
        targetid: (await sim.job(killed.ids.running)).targetNode.id,
        failovertarget: zoneId('finance'),
      },
    });
    expect(again.status).toBe(201);
  });
});

describe('a graceful stop', () => {
  it('finishes the jobs still running as interrupted before closing the database', async () => {
    const db = openDatabase(':memory:');
    const first = createTestSimulator({ db });
    const id = await first.launch({ failovertarget: zoneId('hr') });
    first.clock.advance(10_000);
    first.close();
    const second = createTestSimulator({ db });
    expect(second.service.recovered).toEqual([]);
    const job = await second.job(id);
    expect(job).toMatchObject({ success: false, jobStatusDetails: { state: 'finished', status: 'ERROR' } });
    expect(job.jobStatusDetails.info).toBe(
      'Interrupted: the simulator stopped while step "Run SyncIQ policy hr-data" was running.',
    );
    second.close();
    db.close();
  });
});
