// Every public entry point, imported as a user would, with the types a user writes against.
import { createRequire } from 'node:module';
import {
  createEyeglassClient,
  EyeglassApiError,
  type EyeglassClient,
  type Job,
  type JobState,
} from '@eyeglass-jobs/client';
import { createNodeFetch } from '@eyeglass-jobs/client/node';
import { type ConformanceReport, checkResponse, injectTarget } from '@eyeglass-jobs/conformance';
import { DocsPageNotBuiltError, docsRequestListener, docsRoute, readDocsPage } from '@eyeglass-jobs/docs';
import { createEyeglassJobsServer, type EyeglassJobsHandlers, eyeglassJobs } from '@eyeglass-jobs/server';
import { createSimulator, defaultInventory, openDatabase, type SimulatorServer } from '@eyeglass-jobs/simulator';
import { basePath, createSpecValidator, document, type OperationId, specPath } from '@eyeglass-jobs/spec';
import type { Error as ErrorBody, JobStatusDetail } from '@eyeglass-jobs/types';

export const client: EyeglassClient = createEyeglassClient({
  baseUrl: `https://eyeglass.local${basePath}`,
  apiKey: '',
});
export const states: JobState[] = ['pending', 'running', 'finished'];
export const operation: OperationId = 'launchFailover';
export const title: string = document.info.title;
export const bundledSpecFile: string = createRequire(import.meta.url).resolve('@eyeglass-jobs/spec/openapi.json');
export const paths: string[] = [specPath, docsRoute];
export const error: ErrorBody = { code: 404, message: 'not found' };
export const isApiError = (value: unknown): value is EyeglassApiError => value instanceof EyeglassApiError;
export const steps = (job: Job): JobStatusDetail[] => job.jobStatusDetails.childrenDetails ?? [];
export const handlers: Partial<EyeglassJobsHandlers> = {};
export const entryPoints = {
  createNodeFetch,
  checkResponse,
  injectTarget,
  DocsPageNotBuiltError,
  docsRequestListener,
  readDocsPage,
  createEyeglassJobsServer,
  eyeglassJobs,
  createSimulator,
  defaultInventory,
  openDatabase,
  createSpecValidator,
};
export type Reports = ConformanceReport | SimulatorServer;
