/**
 * `eyeglass failover … --wait` in a real terminal (tmux), read from the screen as a person sees
 * it: the typed confirmation, the step tree redrawn in place while it runs, the summary, and
 * Ctrl-C stopping the wait while the job goes on.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { eyeglassCommand, packageDir, simulatorEnv } from './support/eyeglass.js';
import { useSimulator } from './support/fixture.js';
import { Terminal } from './support/tmux.js';

const fixture = useSimulator({ speed: 25 });
let terminal: Terminal;

beforeAll(async () => {
  terminal = await Terminal.open({
    width: 100,
    height: 48,
    cwd: packageDir,
    env: simulatorEnv(fixture.simulator),
    commands: { eyeglass: eyeglassCommand },
  });
});
afterAll(async () => {
  await terminal?.close();
});

const occurrences = (screen: string, text: string) => screen.split(text).length - 1;
const header = 'Zone failover finance (production → dr)';
const spinner = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;

test('the failover asks for the name, redraws its step tree in place while it runs, then prints the summary', async () => {
  await terminal.type('eyeglass failover finance --from production --to dr --wait --interval 200ms; echo "exit=$?"');
  await terminal.press('Enter');

  const prompt = await terminal.waitFor((screen) => screen.includes('or press Enter to stop:'));
  expect(prompt).toContain('Failover of access zone finance: production → dr');
  expect(prompt).toMatch(/access zone\s+finance\s+OK/);
  expect(prompt).toMatch(/on: controlled, datasync, resyncprep, quotasync, blockonwarnings, rollbackrenamedshares/);
  expect(prompt.trimEnd().split('\n').at(-1)).toBe(
    'Type finance to fail finance over from production to dr, or press Enter to stop:',
  );
  expect(await fixture.eg.failover.list()).toHaveLength(0);

  await terminal.type('finance');
  await terminal.press('Enter');
  // A frame is whole once its last line, the Ctrl-C hint, is drawn.
  const whole = (screen: string) => screen.endsWith('Ctrl-C stops waiting; the job goes on.');
  const early = await terminal.waitFor((screen) => whole(screen) && /Final data sync\s+running/.test(screen));
  const later = await terminal.waitFor((screen) => whole(screen) && /✔ Final data sync\s+OK/.test(screen));
  for (const screen of [early, later]) {
    expect(occurrences(screen, header)).toBe(1);
    expect(screen).toMatch(spinner);
    expect(occurrences(screen, 'Update Eyeglass inventory')).toBe(1);
  }
  expect(early).toMatch(/· Make target writable\s+pending/);
  expect(later).not.toEqual(early);

  const done = await terminal.waitFor((screen) => /exit=\d+/.test(screen));
  expect(done).toContain('exit=0');
  expect(done).toMatch(/✔ Succeeded in [\d.]+s: Failover finished without errors\. Now active on dr\./);
  expect(occurrences(done, header)).toBe(1);
  expect(done).toMatch(/✔ Update Eyeglass inventory\s+OK/);
  expect(done).toMatch(/– Configuration sync\s+SKIPPED\s+configsync is false\./);
  expect(done).not.toMatch(/running|pending|Ctrl-C stops/);
  expect(done).not.toMatch(spinner);
});

test('Ctrl-C stops the wait and says how to resume and cancel; the job goes on and finishes', async () => {
  await terminal.type(
    'clear; eyeglass failover finance --from dr --to production --wait --yes --interval 200ms; echo "exit=$?"',
  );
  await terminal.press('Enter');
  await terminal.waitFor((screen) => /Final data sync\s+running/.test(screen));
  const pressedAt = Date.now();
  await terminal.press('C-c');
  const stopped = await terminal.waitFor((screen) => /exit=\d+/.test(screen));
  const id = /Launched job (\S+)\./.exec(stopped)![1]!;
  expect(stopped).toContain('exit=130');
  expect(stopped).toMatch(new RegExp(`Stopped waiting after [\\d.]+s\\. Job ${id} goes on in Eyeglass\\.`));
  expect(stopped).toContain(`Resume waiting:  eyeglass wait ${id}`);
  expect(stopped).toContain(`Cancel the job:  eyeglass cancel ${id}`);
  expect(stopped).toMatch(/▶ .+\s+running/);
  expect(stopped).not.toContain('Succeeded');

  const job = await fixture.eg.failover.waitFor(id, { intervalMs: 200 });
  expect(job.success).toBe(true);
  expect(job.finished).toBeGreaterThan(pressedAt);
  expect(job.jobStatusDetails.childrenDetails.every((step) => step.status !== 'CANCELLED')).toBe(true);
});
