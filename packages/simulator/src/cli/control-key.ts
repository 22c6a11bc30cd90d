/**
 * The control key of `eyeglass-sim --control`: `--control-key`, else `EYEGLASS_SIM_CONTROL_KEY`,
 * else a development key generated once and kept beside the database (`<db>.control-key`), as the
 * development api_key is.
 */
import { randomBytes } from 'node:crypto';
import { besideDatabase, keptFile } from './data-files.js';

export const controlKeyVariable = 'EYEGLASS_SIM_CONTROL_KEY';

export interface ControlKey {
  key: string;
  /** Set for a development key: where it is kept (undefined for an in-memory database). */
  development?: { path: string | undefined };
}

/** A new control key: `ctl-` and 32 hex digits, so it never looks like an appliance token. */
export function generateControlKey(): string {
  return `ctl-${randomBytes(16).toString('hex')}`;
}

export async function resolveControlKey(
  flag: string | undefined,
  environment: string | undefined,
  dbPath: string,
): Promise<ControlKey> {
  const given = (flag ?? environment ?? '').trim();
  if (given) return { key: given };
  const path = besideDatabase(dbPath, '.control-key');
  const kept = await keptFile(path, () => `${generateControlKey()}\n`);
  const key = kept.text.trim();
  if (!/^ctl-[0-9a-f]{32}$/.test(key)) {
    throw new Error(`The development control key in ${path} is not a ctl- key: delete the file to get a new one.`);
  }
  return { key, development: { path } };
}
