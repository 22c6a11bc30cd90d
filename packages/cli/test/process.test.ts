/**
 * The help documents the exit codes; `eyeglass` as a real process exits with them, SIGINT while
 * waiting stops the wait and not the job, and errors are one line without a stack.
 */
import { expect, test } from 'vitest';
import { launchOptions } from '../src/commands/failover.js';
import { eyeglass, eyeglassProcess, simulatorEnv } from './support/eyeglass.js';
import { failoverOf, useSimulator } from './support/fixture.js';

const fixture = useSimulator({ speed: 30 });

test('--help lists every exit code and says why --api-key is the worst way to give the key', async () => {
  const result = await eyeglass(['--help']);
  expect(result.code).toBe(0);
  const codes = result.stdout.slice(result.stdout.indexOf('Exit codes:'));
  for (const line of [
    '  0   success',
    '  1   the job finished without success (blocked, failed, cancelled)',
    '  2   usage error, unknown or ambiguous name, or a refused confirmation (nothing sent)',
    '  3   API or authentication error, or Eyeglass unreachable',
    '  4   the wait timed out (the job goes on)',
    '  5   outcome unknown: the launch or cancel may have happened',
    '  130 Ctrl-C stopped the wait (the job goes on)',
  ])
    expect(codes).toContain(`${line}\n`);
  expect(result.stdout.replace(/\s+/g, ' ')).toContain(
    'other users see it in the process list and it stays in your shell history, so prefer --api-key-file or EYEGLASS_API_KEY',
  );
  for (const command of [
    'nodes',
    'zones',
    'policies',
    'pools',
    'failover',
    'rehearsal',
    'drtest',
    'readiness',
    'replication',
    'jobs',
    'job',
    'wait',
    'log',
    'cancel',
  ])
    expect(result.stdout).toMatch(new RegExp(`^ {2}${command}\\b`, 'm'));
});

test('failover --help has a flag for every launch option', async () => {
  const result = await eyeglass(['failover', '--help']);
  const flags = [
    ...launchOptions.map((option) => option.flag),
    '--pool',
    '--yes',
    '--dry-run',
    '--wait',
    '--timeout',
    '--interval',
  ];
  expect(flags).toContain('--no-blockonwarnings');
  for (const flag of flags) expect(result.stdout).toContain(flag);
});

test('no command, or an unknown one, is exit 2', async () => {
  expect((await eyeglass([])).code).toBe(2);
  const unknown = await eyeglass(['falover']);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toBe("eyeglass: unknown command 'falover' (Did you mean failover?)\n");
  const missing = await eyeglass(['zones']);
  expect(missing).toMatchObject({ code: 2, stderr: "eyeglass: missing required argument 'node' (see --help)\n" });
});

test('an API error exits 3 with its lines and no stack trace', async () => {
  const result = await eyeglassProcess(['nodes'], {
    ...simulatorEnv(fixture.simulator),
    EYEGLASS_API_KEY: 'igls-NotTheKeyNotTheKey0',
  });
  expect(result.code).toBe(3);
  expect(result.stderr.split('\n')[0]).toMatch(
    /^eyeglass: Eyeglass refused the api key \(403 on GET \/sera\/v1\/nodes\)/,
  );
  expect(result.stderr).not.toMatch(/^\s+at /m);
});

test('SIGINT while waiting without a terminal stops the wait with exit 130; the job finishes', async () => {
  let signalled = false;
  const result = await eyeglassProcess(
    [...failoverOf('finance'), '--yes', '--wait', '--interval', '100ms'],
    simulatorEnv(fixture.simulator),
    (stdout, child) => {
      if (!signalled && stdout.includes('Final data sync: running')) {
        signalled = true;
        child.kill('SIGINT');
      }
    },
  );
  expect(result.code).toBe(130);
  const id = /^Launched job (\S+)\.$/m.exec(result.stdout)![1]!;
  expect(result.stdout).toContain(`Resume waiting:  eyeglass wait ${id}`);
  expect((await fixture.eg.failover.waitFor(id, { intervalMs: 100 })).success).toBe(true);
});

test('a reader that goes away (log --follow | head -1) ends the command quietly with exit 0', async () => {
  const launched = await fixture.run([...failoverOf('hr'), '--yes']);
  const id = /^Launched job (\S+) /m.exec(launched.stdout)![1]!;
  const result = await eyeglassProcess(
    ['log', id, '--follow', '--interval', '100ms'],
    simulatorEnv(fixture.simulator),
    (_, child) => child.stdout?.destroy(),
  );
  expect(result).toMatchObject({ code: 0, stderr: '' });
  expect((await fixture.eg.failover.waitFor(id, { intervalMs: 100 })).success).toBe(true);
});
