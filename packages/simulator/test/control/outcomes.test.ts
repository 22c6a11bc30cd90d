/** Outcomes: what a named step of the next job on a target comes to, or how long it takes. */
import { createEyeglassClient, type EyeglassClient, type Job, type JobStatusDetail } from '@eyeglass-jobs/client';
import { startSimulator, type TestSimulator } from '@eyeglass-jobs/simulator/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultInventory } from '../../src/index.js';

const inventory = defaultInventory();
const finance = inventory.zones.find((zone) => zone.name === 'finance')!;
const hr = inventory.zones.find((zone) => zone.name === 'hr')!;
const [financeSync, financeArchive] = finance.policies;

let sim: TestSimulator;
let eg: EyeglassClient;
beforeEach(async () => {
  sim = await startSimulator({ clock: 'manual' });
  eg = createEyeglassClient({ baseUrl: sim.url, apiKey: sim.apiKey });
});
afterEach(() => sim.close());

async function failover(zone: typeof finance, failovertarget: string = zone.id): Promise<Job> {
  const { id } = await eg.failover.launch({ sourceid: zone.source, targetid: zone.target, failovertarget });
  await sim.control.advanceClock('1h');
  return eg.failover.get(id);
}

function find(detail: JobStatusDetail, name: string): JobStatusDetail | undefined {
  if (detail.name === name) return detail;
  for (const child of detail.childrenDetails) {
    const found = find(child, name);
    if (found) return found;
  }
  return undefined;
}

describe('injectOutcome', () => {
  it('a step of the next job on the target fails with ERROR and the reason; the job after it runs as usual', async () => {
    const outcome = await sim.control.injectOutcome({
      target: finance.id,
      step: 'final data SYNC',
      status: 'ERROR',
      info: 'SyncIQ job failed: target unreachable.',
    });
    expect(outcome).toEqual({
      id: 'outcome-1',
      target: finance.id,
      step: 'Final data sync',
      status: 'ERROR',
      info: 'SyncIQ job failed: target unreachable.',
      remaining: 1,
    });
    expect(await sim.control.listOutcomes()).toEqual([outcome]);

    const failed = await failover(finance);
    expect(failed.success).toBe(false);
    expect(failed.jobStatusDetails.info).toBe(
      'Failed at step "Run SyncIQ policy finance-sync": SyncIQ job failed: target unreachable.',
    );
    expect(find(failed.jobStatusDetails, `Run SyncIQ policy ${financeSync!.name}`)).toMatchObject({ status: 'ERROR' });
    expect(find(failed.jobStatusDetails, 'Make target writable')).toMatchObject({ status: 'SKIPPED' });
    const log = await eg.failover.log(failed.id);
    expect(log).toContain('ERROR Run SyncIQ policy finance-sync: ERROR - SyncIQ job failed: target unreachable.');
    expect(await sim.control.listOutcomes()).toEqual([]);

    expect((await failover(finance)).success).toBe(true);
  });

  it('waits for a job on its target: a job on another zone does not take it', async () => {
    await sim.control.injectOutcome({ target: finance.id, step: 'Final data sync', status: 'ERROR' });
    expect((await failover(hr)).success).toBe(true);
    expect(await sim.control.listOutcomes()).toMatchObject([{ remaining: 1 }]);
    const failed = await failover(finance);
    expect(failed.jobStatusDetails.info).toBe(
      'Failed at step "Run SyncIQ policy finance-sync": Set through the control API: step "Final data sync" ends ERROR.',
    );
  });

  it('on a policy, reaches only that policy’s steps', async () => {
    await sim.control.injectOutcome({
      target: financeArchive!.id,
      step: 'Final data sync',
      status: 'WARNING',
      info: 'Slow.',
    });
    const job = await failover(finance);
    expect(job.success).toBe(true);
    expect(find(job.jobStatusDetails, `Run SyncIQ policy ${financeSync!.name}`)).toMatchObject({ status: 'OK' });
    expect(find(job.jobStatusDetails, `Run SyncIQ policy ${financeArchive!.name}`)).toMatchObject({
      status: 'WARNING',
      info: 'Slow.',
    });
  });

  it('takes a given time, and applies to as many jobs as times says', async () => {
    await sim.control.injectOutcome({ target: finance.id, step: 'Validate failover', duration: '90s', times: 2 });
    const first = await failover(finance);
    const validate = find(first.jobStatusDetails, 'Validate failover')!;
    expect(validate.finished - validate.started).toBe(90_000);
    expect(await sim.control.listOutcomes()).toMatchObject([{ durationMs: 90_000, remaining: 1 }]);
    const back = await failover({ ...finance, source: finance.target, target: finance.source });
    const again = find(back.jobStatusDetails, 'Validate failover')!;
    expect(again.finished - again.started).toBe(90_000);
    expect(await sim.control.listOutcomes()).toEqual([]);
  });

  it('reaches readiness jobs, by the names their steps have', async () => {
    await sim.control.injectOutcome({ target: hr.id, step: `Zone ${hr.name}`, status: 'ERROR', info: 'Unreachable.' });
    const { id } = await eg.readiness.run();
    await sim.control.advanceClock('1h');
    const report = await eg.readiness.get(id);
    const zone = report.childrenDetails.find((step) => step.name === `Zone ${hr.name}`)!;
    expect(zone.status).toBe('ERROR');
    expect(zone.childrenDetails.every((step) => step.status === 'ERROR' && step.info === 'Unreachable.')).toBe(true);
    expect(report.childrenDetails.find((step) => step.name === `Zone ${finance.name}`)!.status).toBe('OK');
  });

  it('refuses an outcome that says nothing, an unknown target and a bad duration', async () => {
    await expect(sim.control.injectOutcome({ target: finance.id, step: 'Final data sync' })).rejects.toMatchObject({
      status: 400,
      apiMessage: 'An outcome needs a status (ERROR or WARNING), a duration, or both.',
    });
    await expect(
      sim.control.injectOutcome({ target: finance.id, step: 'Final data sync', info: 'why' }),
    ).rejects.toMatchObject({
      status: 400,
      apiMessage: 'info is the reason the step gives with its status: give a status too.',
    });
    await expect(
      sim.control.injectOutcome({ target: 'zone-nope', step: 'Final data sync', status: 'ERROR' }),
    ).rejects.toMatchObject({ status: 404, apiMessage: 'No zone, policy or pool has the id zone-nope.' });
    await expect(
      sim.control.injectOutcome({ target: finance.id, step: 'Final data sync', duration: '1 hour' }),
    ).rejects.toMatchObject({
      status: 400,
      apiMessage: expect.stringContaining("Request body field 'duration' must match the pattern"),
    });
    await sim.control.injectOutcome({ target: finance.id, step: 'Final data sync', duration: '1h' });
    await sim.control.clearOutcomes();
    expect(await sim.control.listOutcomes()).toEqual([]);
  });
});
