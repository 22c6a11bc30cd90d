// The server plugin inside the app's own Fastify, beside a route of the app's own, with handlers
// from the simulator's service, answering a seeded conformance run. Prints one JSON line.
import { injectTarget, knownValuesFrom, runConformance } from '@eyeglass-jobs/conformance';
import { eyeglassJobs } from '@eyeglass-jobs/server';
import { createSimulatorService } from '@eyeglass-jobs/simulator';
import Fastify from 'fastify';

const apiKey = 'igls-consumerAAAAAAAAAAAAAAAAAAAAAA';
const service = createSimulatorService({ dbPath: ':memory:', speed: 1000 });
const app = Fastify();
app.get('/health', async () => ({ ok: true }));
await app.register(eyeglassJobs, { handlers: service, apiKeys: [apiKey], validateResponses: true });
app.addHook('onClose', async () => service.close());
await app.ready();

const { nodes, zones } = service.inventory;
const report = await runConformance({
  target: injectTarget(app),
  apiKey,
  seed: 20_260_101,
  numRuns: 10,
  knownValues: knownValuesFrom({
    sourceid: nodes.map((node) => node.id),
    targetid: nodes.map((node) => node.id),
    failovertarget: zones.map((zone) => zone.id),
    policy: zones.flatMap((zone) => zone.policies.map((policy) => policy.id)),
  }),
});
const health = await app.inject({ method: 'GET', url: '/health' });
const unauthenticated = await app.inject({ method: 'GET', url: '/sera/v2/jobs/failover' });
await app.close();

console.log(
  JSON.stringify({
    fastify: app.version,
    requests: report.requests,
    operations: Object.keys(report.byOperation).length,
    failures: report.failures.map((failure) => JSON.stringify(failure).slice(0, 400)),
    health: [health.statusCode, health.json()],
    unauthenticated: [unauthenticated.statusCode, unauthenticated.json()],
  }),
);
