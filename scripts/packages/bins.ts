/**
 * The commands the published packages install, and how the consumer test runs each one from the
 * read-only install. Every bin of every public package must have an entry in `binChecks`: a
 * package that adds a command fails `pnpm test:packages` until its check is written here.
 *
 * The next entry is `eyeglass`, the operator CLI of `@eyeglass-jobs/cli`. Its check starts the
 * installed `eyeglass-sim` as `checkEyeglassSim` does, then runs, as `consumer.asReader` and with
 * `EYEGLASS_URL` / `EYEGLASS_API_KEY` from the banner: `eyeglass --help` (exit codes listed),
 * `eyeglass nodes --output json`, and `eyeglass failover <zone> --from <node> --to <node> --yes
 * --wait` (exit 0, the job finished with success), plus `--dry-run` sending nothing.
 */
import path from 'node:path';
import type { Consumer } from './consumer.js';
import { run, start } from './processes.js';

export interface BinContext {
  consumer: Consumer;
  /** The installed command, as `node_modules/.bin/<name>`. */
  bin: string;
}

/** What a bin check saw, for the report; it throws on anything wrong. */
export type BinCheck = (context: BinContext) => Promise<string>;

interface ClientRun {
  launched: string;
  state: string;
  success: boolean;
  logLines: number;
  listed: boolean;
  missing?: { status: number; message: string };
  sameSpec: boolean;
  docs: { status: number; type: string | null; title?: string; bytes: number };
}

function expectEqual(what: string, actual: unknown, expected: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

/**
 * `eyeglass-sim` with its defaults (a database in the working folder, a development key), run
 * from the read-only install; the client of the install then drives a failover through it, and
 * reads the docs page the simulator serves from the install's own files.
 */
const checkEyeglassSim: BinCheck = async ({ consumer, bin }) => {
  const [command, args] = consumer.asReader(bin, ['--port', '0', '--speed', '200']);
  const sim = start(command, args, { cwd: consumer.workDir, env: { ...process.env, EYEGLASS_SIM_API_KEYS: '' } });
  try {
    const [, url] = await sim.waitFor(/listening on (http:\/\/\S+\/sera)/);
    const [, apiKey] = await sim.waitFor(/^ {2}api_key +(igls-\S+)/m);
    await sim.waitFor(/state=running'/);
    const [node, clientArgs] = consumer.asReader(process.execPath, [path.join('out', 'client-run.js')]);
    const client = await run(node, clientArgs, {
      cwd: consumer.dir,
      env: { ...process.env, EYEGLASS_URL: url, EYEGLASS_API_KEY: apiKey },
      timeoutMs: 60_000,
    });
    if (client.code !== 0)
      throw new Error(`the client run exited with ${client.code}:\n${client.stdout}${client.stderr}`);
    const seen = JSON.parse(client.stdout.trim().split('\n').at(-1)!) as ClientRun;
    expectEqual('the failover', [seen.state, seen.success, seen.listed], ['finished', true, true]);
    if (seen.logLines < 2) throw new Error(`the failover log has ${seen.logLines} lines`);
    expectEqual('an unknown job', seen.missing?.status, 404);
    expectEqual('the served spec is the shipped openapi.json', seen.sameSpec, true);
    expectEqual(
      'the docs page',
      [seen.docs.status, seen.docs.type, seen.docs.title],
      [200, 'text/html; charset=utf-8', 'Superna Eyeglass REST API - Jobs v2 and inventory · API reference'],
    );
    const code = await sim.stop();
    if (code !== 0) throw new Error(`eyeglass-sim exited with ${code} on SIGTERM:\n${sim.output()}`);
    return `failover ${seen.launched} finished, docs page ${(seen.docs.bytes / 1024 / 1024).toFixed(1)} MB from the install`;
  } finally {
    await sim.stop();
  }
};

export const binChecks: Readonly<Record<string, BinCheck>> = {
  'eyeglass-sim': checkEyeglassSim,
};
