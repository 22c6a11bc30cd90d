/**
 * A zone failover on the simulator, in process, on a fake clock: launch it, follow its steps,
 * read its log, and see the zone's readiness turn FAILED_OVER.
 *
 * Run: node --conditions=@eyeglass-jobs/source --import tsx packages/simulator/examples/zone-failover.ts
 */
import { createFakeClock, createSimulatorService, defaultInventory, withQueryDefaults } from '@eyeglass-jobs/simulator';

const clock = createFakeClock();
const simulator = createSimulatorService({ clock, dbPath: ':memory:' });
const [production, dr] = defaultInventory().nodes;
const finance = defaultInventory().zones.find((zone) => zone.name === 'finance')!;

// The route layer hands over the query with the spec's defaults filled in; withQueryDefaults does the same.
const launched = await simulator.launchFailover({
  params: {},
  headers: {},
  body: undefined,
  query: withQueryDefaults('launchFailover', {
    sourceid: production!.id,
    targetid: dr!.id,
    failovertarget: finance.id,
  }),
});
if (launched.status !== 201) throw new Error(launched.body.message);
const byId = { params: { id: launched.body.id }, query: {}, headers: {}, body: undefined };

clock.advance(20_000);
const running = await simulator.getFailoverJob(byId);
if (running.status === 200)
  console.log(`after 20 s: ${running.body.jobStatusDetails.state}, at "${running.body.jobStatusDetails.info}"`);

clock.runUntilIdle();
const done = await simulator.getFailoverJob(byId);
if (done.status === 200) {
  const job = done.body;
  console.log(`finished after ${(job.finished - job.started) / 1000} s, success=${job.success}`);
  console.log(`zone ${job.failoverTarget.zone.name} is now ${job.failoverTarget.zone.failoverReadiness.status}`);
}
const log = await simulator.getFailoverJobLog(byId);
if (log.status === 200) console.log(log.body.split('\n').slice(0, 5).join('\n'));
simulator.close();
