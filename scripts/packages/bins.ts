/**
 * The commands the published packages install, and how the consumer test runs each one from the
 * read-only install. Every bin of every public package must have an entry in `binChecks`: a
 * package that adds a command fails `pnpm test:packages` until its check is written here.
 *
 * - `eyeglass-sim`: the simulator with its defaults; the installed client drives a failover through
 *   it and reads the docs page it serves from the install's own files.
 * - `eyeglass`, the operator CLI of `@eyeglass-jobs/cli`: against an installed `eyeglass-sim` of its
 *   own (a database of its own, so the first check's failover does not change the zones), and with
 *   `EYEGLASS_URL` / `EYEGLASS_API_KEY` from the banner, `eyeglass --help` lists the exit codes,
 *   `eyeglass nodes --output json` and `eyeglass zones` answer the API's lists, `--dry-run` prints
 *   the request and sends nothing, and `eyeglass failover <zone> --from <node> --to <node> --yes
 *   --wait` exits 0 with the job finished with success.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Consumer } from './consumer.js';
import { type Finished, type Running, run, start } from './processes.js';

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

/** The title of the spec the install ships (`@eyeglass-jobs/spec/openapi.json`), which the docs page is named after. */
function shippedSpecTitle(consumer: Consumer): string {
  const file = path.join(consumer.nodeModules, '@eyeglass-jobs', 'spec', 'generated', 'openapi.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { info: { title: string } }).info.title;
}

function expectEqual(what: string, actual: unknown, expected: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

interface Simulator {
  sim: Running;
  /** The base URL, as the banner prints it: `http://127.0.0.1:<port>/sera`. */
  url: string;
  /** The development key the banner prints. */
  apiKey: string;
}

/**
 * The installed `eyeglass-sim` on a free port and a fast clock, in the consumer's working folder,
 * with only its development key; resolves once its banner is out.
 */
async function startSimulator(consumer: Consumer, bin: string, extra: readonly string[]): Promise<Simulator> {
  const [command, args] = consumer.asReader(bin, ['--port', '0', '--speed', '200', ...extra]);
  const sim = start(command, args, { cwd: consumer.workDir, env: { ...process.env, EYEGLASS_SIM_API_KEYS: '' } });
  try {
    const [, url] = await sim.waitFor(/listening on (http:\/\/\S+\/sera)/);
    const [, apiKey] = await sim.waitFor(/^ {2}api_key +(igls-\S+)/m);
    await sim.waitFor(/state=running'/);
    return { sim, url: url!, apiKey: apiKey! };
  } catch (error) {
    await sim.stop();
    throw error;
  }
}

/**
 * `eyeglass-sim` with its defaults (a database in the working folder, a development key), run
 * from the read-only install; the client of the install then drives a failover through it, and
 * reads the docs page the simulator serves from the install's own files; the control API is on,
 * and its reference is read at `/control/docs/` from the same files.
 */
const checkEyeglassSim: BinCheck = async ({ consumer, bin }) => {
  const { sim, url, apiKey } = await startSimulator(consumer, bin, ['--control']);
  try {
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
      [200, 'text/html; charset=utf-8', `${shippedSpecTitle(consumer)} · API reference`],
    );
    // The control API's reference, built into the docs package's site like the appliance's.
    const controlDocs = await fetch(`${url.replace(/\/sera$/, '/control')}/docs/`);
    const controlHtml = await controlDocs.text();
    expectEqual(
      'the control docs page',
      [controlDocs.status, controlDocs.headers.get('content-type'), /<title>([^<]*)<\/title>/.exec(controlHtml)?.[1]],
      [200, 'text/html; charset=utf-8', 'Eyeglass simulator control API · API reference'],
    );
    const code = await sim.stop();
    if (code !== 0) throw new Error(`eyeglass-sim exited with ${code} on SIGTERM:\n${sim.output()}`);
    return `failover ${seen.launched} finished, docs pages ${(seen.docs.bytes / 1024 / 1024).toFixed(1)} MB and ${(controlHtml.length / 1024 / 1024).toFixed(1)} MB (control) from the install`;
  } finally {
    await sim.stop();
  }
};

/** The exit codes `eyeglass --help` must list, by the words that start each line. */
const EXIT_CODES: ReadonlyArray<readonly [code: number, starts: string]> = [
  [0, 'success'],
  [1, 'the job finished without success'],
  [2, 'usage error'],
  [3, 'API or authentication error'],
  [4, 'the wait timed out'],
  [5, 'outcome unknown'],
  [130, 'Ctrl-C stopped the wait'],
];

interface NodeItem {
  id: string;
  name: string;
}

interface ZoneItem {
  id: string;
  name: string;
  failoverReadiness?: { status?: string };
}

interface DryRun {
  dryRun: boolean;
  operation: string;
  method: string;
  url: string;
  query: Record<string, unknown>;
}

interface FinishedJob {
  id: string;
  jobType: string;
  success: boolean;
  jobStatusDetails: { state: string };
}

/** Parses what a command printed on stdout as JSON, or says what it printed instead. */
function json<T>(what: string, result: Finished): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`${what} printed no JSON on stdout:\n${result.stdout}${result.stderr}`);
  }
}

/**
 * `eyeglass` from the read-only install against an `eyeglass-sim` of the install, as an operator
 * runs it: the connection from the environment, in a home folder of its own with no config file.
 */
const checkEyeglass: BinCheck = async ({ consumer, bin }) => {
  const simBin = path.join(path.dirname(bin), 'eyeglass-sim');
  const { sim, url, apiKey } = await startSimulator(consumer, simBin, ['--db', path.join('.data', 'eyeglass-cli.db')]);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: consumer.workDir,
    EYEGLASS_URL: url,
    EYEGLASS_API_KEY: apiKey,
  };
  for (const name of ['XDG_CONFIG_HOME', 'EYEGLASS_CONFIG', 'EYEGLASS_PROFILE', 'EYEGLASS_API_KEY_FILE', 'EYEGLASS_CA'])
    delete env[name];
  const eyeglass = async (args: string[]): Promise<Finished> => {
    const [command, readerArgs] = consumer.asReader(bin, args);
    const result = await run(command, readerArgs, { cwd: consumer.workDir, env, timeoutMs: 60_000 });
    if (result.code !== 0) {
      throw new Error(`eyeglass ${args.join(' ')} exited with ${result.code}:\n${result.stdout}${result.stderr}`);
    }
    return result;
  };
  try {
    const help = await eyeglass(['--help']);
    const codes = help.stdout.slice(Math.max(0, help.stdout.indexOf('Exit codes:')));
    if (!help.stdout.includes('Exit codes:')) throw new Error(`eyeglass --help lists no exit codes:\n${help.stdout}`);
    for (const [code, starts] of EXIT_CODES) {
      const listed = codes.split('\n').some((line) => line.trimStart().startsWith(`${code} `) && line.includes(starts));
      if (!listed) throw new Error(`eyeglass --help does not list exit code ${code} (${starts}):\n${codes}`);
    }

    const nodesRun = await eyeglass(['nodes', '--output', 'json']);
    expectEqual('eyeglass nodes --output json: stderr', nodesRun.stderr, '');
    const nodes = json<NodeItem[]>('eyeglass nodes --output json', nodesRun);
    expectEqual(
      'the clusters eyeglass nodes --output json lists',
      nodes.map((node) => node.name),
      ['production', 'dr'],
    );
    const [from, to] = nodes as [NodeItem, NodeItem];
    const zones = json<ZoneItem[]>('eyeglass zones', await eyeglass(['zones', from.name, '--output', 'json']));
    const zone = zones.find((candidate) => candidate.failoverReadiness?.status === 'OK');
    if (!zone) throw new Error(`no zone of ${from.name} is ready to fail over: ${JSON.stringify(zones)}`);
    const jobCount = async () =>
      json<unknown[]>('eyeglass jobs', await eyeglass(['jobs', '--limit', '0', '--output', 'json'])).length;

    const before = await jobCount();
    const failover = ['failover', zone.name, '--from', from.name, '--to', to.name];
    const dryRun = await eyeglass([...failover, '--dry-run', '--output', 'json']);
    const printed = json<DryRun>('eyeglass failover --dry-run', dryRun);
    expectEqual(
      'the dry run',
      [printed.dryRun, printed.operation, printed.method, printed.query.sourceid, printed.query.targetid],
      [true, 'launchFailover', 'POST', from.id, to.id],
    );
    expectEqual('the dry run: the zone', printed.query.failovertarget, zone.id);
    if (!printed.url.startsWith(`${url}/v2/jobs/failover?`))
      throw new Error(`the dry run would send to ${printed.url}`);
    if (!dryRun.stderr.includes('Dry run: nothing was sent.'))
      throw new Error(`the dry run does not say that nothing was sent:\n${dryRun.stderr}`);
    expectEqual('the jobs after the dry run', await jobCount(), before);

    const launched = await eyeglass([...failover, '--yes', '--wait', '--interval', '100ms', '--output', 'json']);
    const job = json<FinishedJob>('eyeglass failover --yes --wait', launched);
    expectEqual(
      'the failover',
      [job.jobType, job.jobStatusDetails.state, job.success],
      ['zone_failover', 'finished', true],
    );
    if (!/Succeeded in /.test(launched.stderr))
      throw new Error(`eyeglass failover printed no summary:\n${launched.stderr}`);
    expectEqual('the jobs after the failover', await jobCount(), before + 1);

    const code = await sim.stop();
    if (code !== 0) throw new Error(`eyeglass-sim exited with ${code} on SIGTERM:\n${sim.output()}`);
    return `--help lists ${EXIT_CODES.length} exit codes, ${nodes.length} nodes, dry run sent nothing, failover of ${zone.name} ${job.id} finished with success`;
  } finally {
    await sim.stop();
  }
};

export const binChecks: Readonly<Record<string, BinCheck>> = {
  'eyeglass-sim': checkEyeglassSim,
  eyeglass: checkEyeglass,
};
