/**
 * `eyeglass failover` without a terminal, against the simulator on a fast clock: the refusal
 * without `--yes`, `--dry-run`, the line-per-change output, `--output json`, and every exit code
 * of a launch (a blocked zone, a wrong key, a timeout, a launch whose answer was lost, Ctrl-C).
 */
import { defaultInventoryJson } from '@eyeglass-jobs/simulator';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { failoverOf, useSimulator } from '../support/fixture.js';
import { type LossyProxy, startLossyProxy } from '../support/lossy-proxy.js';

const [production, dr] = defaultInventoryJson.nodes;
const zone = (name: string) => defaultInventoryJson.zones.find((entry) => entry.name === name)!;

const fixture = useSimulator({ speed: 60 });
const { run } = fixture;
const jobCount = async () => (await fixture.eg.failover.list()).length;
const fast = ['--interval', '100ms'];

describe('before anything is sent', () => {
  test('without a terminal and without --yes it prints the preview, refuses with exit 2 and sends nothing', async () => {
    const before = await jobCount();
    const result = await run(failoverOf('finance'));
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('Failover of access zone finance: production → dr');
    expect(result.stdout).toMatch(/policies\s+finance-sync\s+OK/);
    expect(result.stderr).toBe(
      'eyeglass: refusing to fail finance over from production to dr without a terminal to confirm on: add --yes to confirm. Nothing was sent.\n',
    );
    expect(await jobCount()).toBe(before);
  });

  test('--dry-run prints the request with the resolved ids and every option, and sends nothing', async () => {
    const before = await jobCount();
    const result = await run([...failoverOf('finance'), '--dry-run', '--output', 'json']);
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout);
    expect(printed).toMatchObject({ dryRun: true, operation: 'launchFailover', method: 'POST' });
    expect(printed.query).toEqual({
      sourceid: production!.id,
      targetid: dr!.id,
      failovertarget: zone('finance').id,
      controlled: true,
      datasync: true,
      configsync: false,
      resyncprep: true,
      disablemirror: false,
      quotasync: true,
      blockonwarnings: true,
      rollbackrenamedshares: true,
      smbdataintegrity: false,
    });
    expect(printed.url).toBe(`${fixture.simulator.url}/v2/jobs/failover?${new URLSearchParams(printed.query)}`);
    expect(result.stderr).toContain('Dry run: nothing was sent.');
    expect(await jobCount()).toBe(before);
  });

  test('each launch flag turns its option from the vendor default; rollback off sends both spellings', async () => {
    const flags = [
      '--uncontrolled',
      '--no-datasync',
      '--configsync',
      '--no-resyncprep',
      '--disablemirror',
      '--no-quotasync',
      '--no-blockonwarnings',
      '--no-rollbackrenamedshares',
      '--smbdataintegrity',
    ];
    const result = await run([...failoverOf('finance'), ...flags, '--pool', 'pool-finance', '--dry-run', '-o', 'json']);
    expect(result.code).toBe(0);
    const { query } = JSON.parse(result.stdout);
    expect(query).toEqual({
      sourceid: production!.id,
      targetid: dr!.id,
      failovertarget: zone('finance').id,
      pool: 'groupnet0:subnet0:pool-finance',
      controlled: false,
      datasync: false,
      configsync: true,
      resyncprep: false,
      disablemirror: true,
      quotasync: false,
      blockonwarnings: false,
      rollbackrenamedshares: false,
      rollbackrenameshares: false,
      smbdataintegrity: true,
    });
    expect(result.stderr).toContain('changed from the defaults: controlled (--uncontrolled), datasync (--no-datasync)');
  });
});

describe('launch and wait', () => {
  test('a zone with a readiness WARNING is blocked by blockonwarnings: the preview says so, exit 1', async () => {
    const result = await run([...failoverOf('engineering'), '--yes', '--wait', ...fast]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'engineering has readiness WARNING and blockonwarnings is on: Eyeglass will block it.',
    );
    expect(result.stdout).toMatch(/^ {2}Validate failover: ERROR in [\d.]+s - Blocked on warnings: /m);
    expect(result.stdout).toMatch(/^Failed in [\d.]+s: Failed at step "Validate failover": Blocked on warnings/m);
  });

  test('without a terminal, --wait prints one line per change in the order of the steps, then the summary: exit 0', async () => {
    const result = await run([...failoverOf('finance'), '--yes', '--wait', ...fast]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('\u001b');
    const lines = result.stdout.split('\n');
    const id = /^Launched job (\S+)\.$/m.exec(result.stdout)?.[1];
    expect(lines).toContain(`Job ${id}: Zone failover finance (production → dr)`);
    const steps = lines.filter((line) => line.startsWith('  ') && /: (running|OK|SKIPPED)/.test(line));
    expect(new Set(steps).size).toBe(steps.length);
    const at = (text: string) => steps.findIndex((line) => line.startsWith(`  ${text}`));
    expect(at('Validate failover: OK')).toBeGreaterThanOrEqual(0);
    expect(at('Validate failover: OK')).toBeLessThan(at('Final data sync › Run SyncIQ policy finance-sync: OK'));
    expect(at('Final data sync › Run SyncIQ policy finance-archive: OK')).toBeLessThan(at('Final data sync: OK'));
    expect(at('Final data sync: OK')).toBeLessThan(at('Update Eyeglass inventory: OK'));
    expect(steps).toContain('  Configuration sync: SKIPPED - configsync is false.');
    expect(lines.at(-3)).toMatch(/^Succeeded in [\d.]+s: Failover finished without errors\. Now active on dr\.$/);
    expect(lines.at(-2)).toBe(`Log: eyeglass log ${id}`);
  });

  test('--output json puts the finished job alone on stdout and every message on stderr', async () => {
    const result = await run([...failoverOf('finance', 'dr', 'production'), '--yes', '--wait', ...fast, '-o', 'json']);
    expect(result.code).toBe(0);
    const job = JSON.parse(result.stdout);
    expect(job).toMatchObject({ jobType: 'zone_failover', success: true, jobStatusDetails: { state: 'finished' } });
    expect(job.sourceNode.name).toBe('dr');
    expect(result.stderr).toContain('Failover of access zone finance: dr → production');
    expect(result.stderr).toContain(`Job ${job.id}: Zone failover finance (dr → production)`);
    expect(result.stderr).toMatch(/Succeeded in/);
  });

  test('Ctrl-C while waiting stops the wait, not the job: exit 130 and how to resume and cancel', async () => {
    let interruptedAt = 0;
    const result = await run([...failoverOf('finance'), '--yes', '--wait', ...fast], {
      interruptWhen: (written) => {
        interruptedAt = Date.now();
        return written.includes('Final data sync: running');
      },
    });
    expect(result.code).toBe(130);
    const id = /^Launched job (\S+)\.$/m.exec(result.stdout)![1]!;
    expect(result.stdout).toMatch(new RegExp(`Stopped waiting after [\\d.]+s\\. Job ${id} goes on in Eyeglass\\.`));
    expect(result.stdout).toContain(`Resume waiting:  eyeglass wait ${id}`);
    expect(result.stdout).toContain(`Cancel the job:  eyeglass cancel ${id}`);
    expect(result.stdout).not.toContain('Succeeded');
    const finished = await fixture.eg.failover.waitFor(id, { intervalMs: 100 });
    expect(finished.success).toBe(true);
    expect(finished.finished).toBeGreaterThan(interruptedAt);
    expect(await fixture.eg.failover.log(id)).not.toMatch(/cancel/i);
  });

  test('a wait that reaches --timeout is exit 4 and the job goes on', async () => {
    const result = await run([...failoverOf('hr'), '--yes', '--wait', '--timeout', '300ms', ...fast]);
    expect(result.code).toBe(4);
    const id = /^Launched job (\S+)\.$/m.exec(result.stdout)![1]!;
    expect(result.stderr).toBe(
      `eyeglass: job ${id} did not finish within 0.3s; it goes on in Eyeglass.\n` +
        `  Resume waiting:  eyeglass wait ${id}\n  Read its log:    eyeglass log ${id} --follow\n  Cancel the job:  eyeglass cancel ${id}\n`,
    );
    expect((await fixture.eg.failover.waitFor(id, { intervalMs: 100 })).success).toBe(true);
  });
});

describe('when it goes wrong', () => {
  let proxy: LossyProxy;
  beforeAll(async () => {
    proxy = await startLossyProxy(
      fixture.simulator.url,
      (method, path) => method === 'POST' && path.endsWith('/v2/jobs/failover'),
    );
  });
  afterAll(() => proxy?.close());

  test('a launch whose answer is lost is exit 5: it is sent once, and the running job it started is listed', async () => {
    const result = await run([...failoverOf('media', 'dr', 'production'), '--yes', '--wait'], {
      env: { EYEGLASS_URL: proxy.url },
    });
    expect(result.code).toBe(5);
    expect(proxy.seen.get('POST /sera/v2/jobs/failover')).toBe(1);
    expect(proxy.lost).toHaveLength(1);
    const { id } = JSON.parse(proxy.lost[0]!.body);
    expect(result.stderr).toMatch(
      /^eyeglass: the failover of media got no answer \(the connection failed \(\w+\)\): it may have been launched\. It was not sent again\.\n$/,
    );
    expect(result.stdout).toContain('Running jobs that match (1):');
    expect(result.stdout).toMatch(
      new RegExp(`^${id}\\s+Zone failover media \\(dr → production\\)\\s+(pending|running)`, 'm'),
    );
    expect(result.stdout).toContain(`Follow one with: eyeglass wait ${id}`);
    await fixture.eg.failover.waitFor(id, { intervalMs: 100 });
  });

  test('a wrong key is exit 3 with one line and a hint, never the key, never a stack', async () => {
    const key = 'igls-WrongWrongWrongWrongWrong0001';
    const result = await run([...failoverOf('finance'), '--yes'], { env: { EYEGLASS_API_KEY: key } });
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(
      'eyeglass: Eyeglass refused the api key (403 on GET /sera/v1/nodes): Invalid api_key header.\n' +
        '  Check the key: tokens are created in the Eyeglass web UI under Admin → API Tokens.\n',
    );
    expect(result.stdout + result.stderr).not.toContain(key);
  });
});
