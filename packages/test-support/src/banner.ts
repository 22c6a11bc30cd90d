/**
 * Reads the banner `eyeglass-sim` prints when it is ready: the first line names the URL, the last
 * block is the first-failover example, and the whole banner is one write. This is the one reader of
 * it outside the simulator; the simulator's tests check that it reads the banner the command prints.
 */
export interface SimulatorBanner {
  /** The API's base URL, such as `http://127.0.0.1:40123/sera`. */
  url: string;
  /** The URL's origin, such as `http://127.0.0.1:40123`. */
  origin: string;
  /** The development key the banner shows, when the simulator made or kept one. */
  developmentKey: string | undefined;
  /** The unfinished jobs of the last run that the start finished as interrupted. */
  recovered: number;
  /** The banner's text. */
  text: string;
}

const BANNER =
  /^Eyeglass Jobs v2 simulator listening on (\S+)\n(?:.*\n)*? {2}First failover [^\n]*\n(?: {4}[^\n]*\n)+\n/m;
const DEVELOPMENT_KEY = /^ {2}api_key +(\S+) \(development key/m;
const RECOVERED = /^ {2}database +.*\((\d+) unfinished jobs finished as interrupted\)$/m;

/** The banner in a simulator's stdout, once it is printed in full; undefined until then. */
export function readBanner(stdout: string): SimulatorBanner | undefined {
  const match = BANNER.exec(stdout);
  if (!match) return undefined;
  const [text, url] = match as unknown as [string, string];
  return {
    url,
    origin: new URL(url).origin,
    developmentKey: DEVELOPMENT_KEY.exec(text)?.[1],
    recovered: Number(RECOVERED.exec(text)?.[1] ?? 0),
    text,
  };
}
