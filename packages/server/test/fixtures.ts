/** Shared fixtures of the server tests: the spec's own example jobs, an api key, and an app factory. */
import { document, type OperationId } from '@eyeglass-jobs/spec';
import type { Job, JobStatusDetail } from '@eyeglass-jobs/types';
import fastify, { type FastifyInstance, type InjectOptions, type LightMyRequestResponse } from 'fastify';
import { type EyeglassJobsOptions, eyeglassJobs, handleFrameworkError } from '../src/index.js';

export const API_KEY = 'igls-test-key';

const examples = document.components.examples;
/** A finished zone failover job, as the spec's example shows it. */
export const zoneFailoverJob = structuredClone(examples.ZoneFailoverJob.value) as unknown as Job;
/** A finished readiness job, as the spec's example shows it. */
export const readinessJob = structuredClone(examples.ReadinessJob.value) as unknown as JobStatusDetail;

/**
 * A Fastify instance of the application's own with the plugin registered as the README advises,
 * checking responses as the tests always do.
 */
export async function pluginApp(options: Partial<EyeglassJobsOptions> = {}): Promise<FastifyInstance> {
  const app = fastify({ routerOptions: { maxParamLength: 1024 }, frameworkErrors: handleFrameworkError });
  await app.register(eyeglassJobs, { handlers: {}, apiKeys: [API_KEY], validateResponses: true, ...options });
  await app.ready();
  return app;
}

/** Sends a request with the api key unless the headers say otherwise. */
export function send(app: FastifyInstance, options: InjectOptions): Promise<LightMyRequestResponse> {
  return app.inject({ ...options, headers: { api_key: API_KEY, ...options.headers } });
}

/** A valid request for every operation, with `job-1` as the job id. */
export const sampleRequests: Record<OperationId, { method: 'GET' | 'POST' | 'DELETE'; url: string }> = {
  listFailoverJobs: { method: 'GET', url: '/sera/v2/jobs/failover' },
  launchFailover: {
    method: 'POST',
    url: '/sera/v2/jobs/failover?sourceid=production_1&targetid=dr_1&failovertarget=zone-finance',
  },
  launchDrTest: { method: 'POST', url: '/sera/v2/jobs/failover/drtest?enable=true&policy=finance-sync' },
  launchRehearsal: {
    method: 'POST',
    url: '/sera/v2/jobs/failover/rehearsal?enable=false&sourceid=production_1&targetid=dr_1&failovertarget=zone-finance',
  },
  getFailoverJob: { method: 'GET', url: '/sera/v2/jobs/failover/job-1' },
  cancelFailoverJob: { method: 'DELETE', url: '/sera/v2/jobs/failover/job-1' },
  getFailoverJobLog: { method: 'GET', url: '/sera/v2/jobs/failover/job-1/log' },
  listReadinessJobs: { method: 'GET', url: '/sera/v2/jobs/readiness' },
  runReadinessJob: { method: 'POST', url: '/sera/v2/jobs/readiness' },
  getReadinessJob: { method: 'GET', url: '/sera/v2/jobs/readiness/job-1' },
  listReplicationJobs: { method: 'GET', url: '/sera/v2/jobs/replication' },
  runReplicationJob: { method: 'POST', url: '/sera/v2/jobs/replication' },
  getReplicationJob: { method: 'GET', url: '/sera/v2/jobs/replication/job-1' },
  listNodes: { method: 'GET', url: '/sera/v1/nodes' },
  getNode: { method: 'GET', url: '/sera/v1/nodes/production_1' },
  listNodeZones: { method: 'GET', url: '/sera/v1/nodes/production_1/zones?foReadiness=true' },
  getNodeZone: { method: 'GET', url: '/sera/v1/nodes/production_1/zones/finance' },
  listNodePolicies: { method: 'GET', url: '/sera/v1/nodes/production_1/policies' },
  getNodePolicy: { method: 'GET', url: '/sera/v1/nodes/production_1/policies/finance-sync' },
  listNodePools: { method: 'GET', url: '/sera/v1/nodes/production_1/pools' },
  getNodePool: { method: 'GET', url: '/sera/v1/nodes/production_1/pools/groupnet0:subnet0:pool-finance' },
  getHealthcheck: { method: 'GET', url: '/sera/v1/healthcheck' },
};
