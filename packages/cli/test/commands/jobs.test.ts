/**
 * The other job commands against the simulator on a fast clock: readiness and replication runs,
 * rehearsal and DR test modes, `jobs` with its filters, `job`, `wait`, `log` and `cancel`.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { failoverOf, useSimulator } from '../support/fixture.js';

const fixture = useSimulator({ speed: 60 });
const run = (...args: string[]) => fixture.run(args);
const fast = ['--interval', '100ms'];
const launchedId = (stdout: string) => /^Launched job (\S+?)[. ]/m.exec(stdout)![1]!;

describe('readiness and replication runs', () => {
  test('readiness run --wait shows the checks and ends with warnings as a result, exit 0', async () => {
    const result = await run('readiness', 'run', '--wait', ...fast);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^ {2}Zone engineering: WARNING in [\d.]+s - WARNING: SmartConnect zone alias missing on target\.$/m,
    );
    expect(result.stdout).toMatch(/^Finished with warnings in [\d.]+s: 1 of 4 zones need attention/m);
    expect(result.stdout).not.toContain('eyeglass log');
  });

  test('a second run while one runs is exit 3 with the appliance reason; wait <id> then follows the first', async () => {
    const first = await run('readiness', 'run');
    expect(first.code).toBe(0);
    const id = launchedId(first.stdout);
    expect(first.stdout).toContain(`Watch it:  eyeglass wait ${id}`);
    expect(first.stdout).not.toContain('eyeglass cancel');
    const second = await run('readiness', 'run');
    expect(second.code).toBe(3);
    expect(second.stderr).toMatch(
      new RegExp(`^eyeglass: Eyeglass answered 409 to POST /sera/v2/jobs/readiness: .*${id}.*\\n$`),
    );
    const waited = await run('wait', id, ...fast);
    expect(waited.code).toBe(0);
    expect(waited.stdout).toMatch(/Finished with warnings/);
  });

  test('replication run --wait --output json prints the finished job on stdout', async () => {
    const result = await run('replication', 'run', '--wait', ...fast, '-o', 'json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ state: 'finished', status: 'OK' });
  });
});

describe('rehearsal and DR test modes', () => {
  test('rehearsal start shows REHEARSAL_ACTIVE afterwards; a failover preview warns; rehearsal stop ends it', async () => {
    const start = await run('rehearsal', 'start', 'finance', '--from', 'production', '--to', 'dr', '--wait', ...fast);
    expect(start.code).toBe(0);
    expect(start.stdout).toContain('Rehearsal start of access zone finance: production → dr');
    expect(start.stdout).toMatch(/Succeeded in [\d.]+s: .*Rehearsal mode is active\./);
    expect((await run('zones', 'production')).stdout).toMatch(/^finance\s+REHEARSAL_ACTIVE/m);
    const preview = await run(...failoverOf('finance'), '--dry-run');
    expect(preview.stdout).toContain('! A rehearsal or DR test is active: end it first');
    const stop = await run('rehearsal', 'stop', 'finance', '--from', 'production', '--to', 'dr', '--wait', ...fast);
    expect(stop.code).toBe(0);
    expect((await run('zones', 'production')).stdout).toMatch(/^finance\s+OK/m);
  });

  test('drtest enable and disable a policy by name', async () => {
    const enable = await run('drtest', 'enable', 'hr-data', '--wait', ...fast);
    expect(enable.code).toBe(0);
    expect(enable.stdout).toContain('DR test enable of SyncIQ policy hr-data');
    expect((await run('policies', 'production')).stdout).toMatch(/^hr-data\s+REHEARSAL_ACTIVE/m);
    const disable = await run('drtest', 'disable', 'hr-data', '--wait', ...fast);
    expect(disable.code).toBe(0);
    expect((await run('policies', 'production')).stdout).toMatch(/^hr-data\s+OK/m);
  });
});

describe('reading jobs', () => {
  let blocked: string;
  beforeAll(async () => {
    const result = await run(...failoverOf('engineering'), '--yes', '--wait', ...fast);
    expect(result.code).toBe(1);
    blocked = launchedId(result.stdout);
  });

  test('jobs lists every kind newest first; --kind, --type, --failed and --state filter it', async () => {
    const all = await run('jobs', '--limit', '0');
    expect(all.code).toBe(0);
    const kinds = all.stdout
      .split('\n')
      .slice(1, -1)
      .map((line) => line.split(/\s+/)[1]);
    expect(kinds[0]).toBe('failover');
    expect(new Set(kinds)).toEqual(new Set(['failover', 'drtest', 'rehearsal', 'readiness', 'replication']));
    expect(all.stdout).toMatch(
      new RegExp(
        `^${blocked}\\s+failover\\s+finished\\s+failed\\s+\\d\\d:\\d\\d:\\d\\d\\s+[\\d.]+s\\s+Zone failover engineering \\(production → dr\\)$`,
        'm',
      ),
    );

    const ids = async (...args: string[]) =>
      (JSON.parse((await run('jobs', '-o', 'json', ...args)).stdout) as Array<{ id: string; kind: string }>).map(
        (job) => `${job.kind} ${job.id}`,
      );
    expect(await ids('--failed')).toEqual([`failover ${blocked}`]);
    expect((await ids('--kind', 'readiness')).every((entry) => entry.startsWith('readiness '))).toBe(true);
    expect(await ids('--kind', 'readiness')).toHaveLength(2);
    expect((await ids('--type', 'policy')).map((entry) => entry.split(' ')[0])).toEqual(['drtest', 'drtest']);
    expect(await ids('--state', 'running')).toEqual([]);
    expect(await ids('--limit', '1')).toHaveLength(1);
    const wrong = await run('jobs', '--kind', 'failovers');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^eyeglass: option '--kind <kinds>' argument 'failovers' is invalid/);
  });

  test('job <id> shows the fields and the step tree of any kind of job', async () => {
    const result = await run('job', blocked);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ {2}kind {6}failover \(zone_failover\)$/m);
    expect(result.stdout).toMatch(/^ {2}clusters {2}production → dr$/m);
    expect(result.stdout).toMatch(/^ {2}✖ Validate failover\s+ERROR\s+[\d.]+s\s+Blocked on warnings/m);
    expect(result.stdout).toMatch(/^ {2}– Final data sync\s+SKIPPED\s+Not run/m);
    expect(result.stdout).toMatch(/^Failed in [\d.]+s: /m);
    const readiness = (await fixture.eg.readiness.list())[0]!;
    const shown = await run('job', readiness.id, '-o', 'json');
    expect(JSON.parse(shown.stdout)).toEqual(readiness);
    const unknown = await run('job', 'job-0000000000000000');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^eyeglass: no job job-0000000000000000 on this Eyeglass/);
  });

  test('wait on a job that already failed is exit 1 at once', async () => {
    const result = await run('wait', blocked);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^Failed in /m);
  });

  test('log prints the text log; only failover-list jobs have one', async () => {
    const result = await run('log', blocked);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(await fixture.eg.failover.log(blocked));
    const readiness = (await fixture.eg.readiness.list())[0]!;
    const refused = await run('log', readiness.id);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      `${readiness.id} is a readiness job: only failover, rehearsal and DR test jobs have a log.`,
    );
  });

  test('log --follow --output json prints each new line as a JSON object until the job is over', async () => {
    const launched = await run(...failoverOf('hr'), '--yes');
    const id = launchedId(launched.stdout);
    const followed = await run('log', id, '--follow', '--interval', '100ms', '-o', 'json');
    expect(followed.code).toBe(0);
    const lines = followed.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).line as string);
    expect(lines.join('\n')).toBe((await fixture.eg.failover.log(id)).trimEnd());
    expect(lines.at(-1)).toMatch(/finished OK/);
  });
});

describe('cancel', () => {
  test('asks for confirmation, refuses without a terminal, and with --yes --wait ends cancelled: exit 0', async () => {
    const launched = await run(...failoverOf('engineering'), '--yes', '--no-blockonwarnings');
    const id = launchedId(launched.stdout);
    const refused = await run('cancel', id);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain(`Cancel Zone failover engineering (production → dr)  ${id}`);
    expect(refused.stderr).toBe(
      `eyeglass: refusing to cancel job ${id} without a terminal to confirm on: add --yes to confirm. Nothing was sent.\n`,
    );
    expect((await fixture.eg.failover.get(id)).jobStatusDetails.status).not.toBe('CANCELLED');

    const cancelled = await run('cancel', id, '--yes', '--wait', ...fast);
    expect(cancelled.code).toBe(0);
    expect(cancelled.stdout).toMatch(/^Cancelled in [\d.]+s: Cancelled on request/m);
    expect((await fixture.eg.failover.get(id)).jobStatusDetails.status).toBe('CANCELLED');

    const again = await run('cancel', id, '--yes');
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(
      `eyeglass: job ${id} has already finished: there is nothing to cancel.\n  See it with: eyeglass job ${id}\n`,
    );
  });
});
