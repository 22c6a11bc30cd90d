// The client against a running simulator (EYEGLASS_URL, EYEGLASS_API_KEY): the whole life of a
// failover, a typed error, and the docs page. Prints one JSON line with what it saw.
import { createRequire } from 'node:module';
import { createEyeglassClient, EyeglassApiError } from '@eyeglass-jobs/client';
import { defaultInventory } from '@eyeglass-jobs/simulator';

const baseUrl = process.env.EYEGLASS_URL;
const apiKey = process.env.EYEGLASS_API_KEY;
if (!baseUrl || !apiKey) throw new Error('EYEGLASS_URL and EYEGLASS_API_KEY must be set');

const eg = createEyeglassClient({ baseUrl, apiKey });
const zone = defaultInventory().zones.find((candidate) => candidate.readiness.status === 'OK');
if (!zone) throw new Error('the built-in inventory has no zone ready to fail over');

const { id } = await eg.failover.launch({ sourceid: zone.source, targetid: zone.target, failovertarget: zone.id });
const job = await eg.failover.waitFor(id, { intervalMs: 50, maxIntervalMs: 200, timeoutMs: 30_000 });
const log = await eg.failover.log(id);
const listed = await eg.failover.list({ state: 'finished' });

let missing: { status: number; message: string } | undefined;
try {
  await eg.failover.get('no-such-job');
} catch (error) {
  if (!(error instanceof EyeglassApiError)) throw error;
  missing = { status: error.status, message: error.message };
}

// The spec the simulator serves is the one the spec package ships as JSON.
const { 'x-generated': _header, ...shipped } = createRequire(import.meta.url)(
  '@eyeglass-jobs/spec/openapi.json',
) as Record<string, unknown>;
const served = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as unknown;

const docs = await fetch(`${baseUrl}/docs/`);
const docsHtml = await docs.text();

console.log(
  JSON.stringify({
    launched: id,
    state: job.jobStatusDetails.state,
    success: job.success,
    logLines: log.split('\n').filter(Boolean).length,
    listed: listed.some((entry) => entry.id === id),
    missing,
    sameSpec: JSON.stringify(served) === JSON.stringify(shipped),
    docs: {
      status: docs.status,
      type: docs.headers.get('content-type'),
      title: /<title>([^<]*)<\/title>/.exec(docsHtml)?.[1],
      bytes: docsHtml.length,
    },
  }),
);
