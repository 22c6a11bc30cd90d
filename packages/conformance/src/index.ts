/** A contract-testing kit for any implementation of the Jobs v2 API, or of another spec run through the pipeline. */
export { type CheckOptions, checkResponse, operationById } from './check-response.js';
export { type Contract, type ContractOperation, defineContract, jobsContract } from './contract.js';
export { CreatedIds, combineKnownValues, knownValuesFrom } from './known-values.js';
export {
  formatLifecycleReport,
  type LifecycleOptions,
  type LifecycleReport,
  runLifecycleModel,
} from './lifecycle.js';
export type { LifecycleSubjects } from './lifecycle-commands.js';
export {
  type JobKind,
  type LifecycleSubject,
  type LifecycleSystem,
  LifecycleViolation,
} from './lifecycle-model.js';
export { conformanceMatchers } from './matchers.js';
export {
  buildRequest,
  HOSTILE_STRINGS,
  invalidRequest,
  type KnownValues,
  type RequestPlan,
  UNDECLARED_PARAMETERS,
  UNREAD_BODIES,
  type ValuePlan,
  validRequest,
} from './requests.js';
export {
  type ConformanceFailure,
  type ConformanceOptions,
  type ConformanceReport,
  type Exchange,
  formatReport,
  type PropertyName,
  refusedCredentials,
  runConformance,
} from './run.js';
export {
  type ConformanceRequest,
  type ConformanceResponse,
  type ConformanceTarget,
  type HttpTargetOptions,
  httpTarget,
  type Injectable,
  injectTarget,
} from './target.js';
export {
  runVendorClients,
  type VendorClientMode,
  type VendorClientRun,
  vendorClientsScript,
} from './vendor-clients.js';
export { formatWireChecks, runWireChecks, type WireCheck, type WireCheckOptions } from './wire.js';
