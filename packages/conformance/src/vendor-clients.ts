/**
 * Runs the kit's python-requests script, which drives an implementation in the wire shapes of
 * the vendor's own clients (the swagger-codegen Python client and DR-MCP): a client no one here
 * wrote, in a language of its own. Needs `python3` with `requests` on the PATH.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The script's path, for running it by hand: `python3 <path> discovery <baseUrl> <key>`. */
export const vendorClientsScript: string = fileURLToPath(new URL('../python/vendor_clients.py', import.meta.url));

export type VendorClientMode =
  | { mode: 'discovery' }
  | { mode: 'shapes'; nodeId: string }
  | { mode: 'launches'; sourceId: string; targetId: string; zoneId: string; policyId: string };

export interface VendorClientRun {
  /** True when the script got to its end without a failure. */
  ok: boolean;
  /** What the script reported, one record per step. */
  records: Array<Record<string, unknown>>;
  /** The first failure, in the script's words. */
  failure?: string;
  /** What python wrote to stderr (a traceback, if it crashed). */
  stderr: string;
}

function modeArguments(run: VendorClientMode): string[] {
  if (run.mode === 'shapes') return [run.nodeId];
  if (run.mode === 'launches') return [run.sourceId, run.targetId, run.zoneId, run.policyId];
  return [];
}

/** Runs one mode of the script against `baseUrl` (such as `http://127.0.0.1:8080/sera`); the key goes by environment. */
export function runVendorClients(
  baseUrl: string,
  apiKey: string,
  run: VendorClientMode,
  options: { timeoutMs?: number } = {},
): Promise<VendorClientRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [vendorClientsScript, run.mode, baseUrl, '', ...modeArguments(run)], {
      env: { ...process.env, EYEGLASS_API_KEY: apiKey, PYTHONDONTWRITEBYTECODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 120_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const records = stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const failed = records.find((record) => 'failed' in record);
      const done = records.some((record) => record.done === true);
      resolve({
        ok: code === 0 && done && !failed,
        records,
        ...(failed ? { failure: String(failed.failed) } : code !== 0 ? { failure: `python3 exited ${code}` } : {}),
        stderr,
      });
    });
  });
}
