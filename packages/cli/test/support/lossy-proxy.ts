/**
 * A proxy in front of the simulator that loses answers: the requests it is told to lose reach the
 * simulator, which acts on them, but the client's connection is reset instead of answered. That is
 * a launch whose outcome is unknown, as after a network failure on the way back.
 */
import { createServer, type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LostAnswer {
  method: string;
  path: string;
  status: number;
  body: string;
}

export interface LossyProxy {
  /** The API root through the proxy. */
  url: string;
  /** What the simulator answered to the requests whose answers were lost. */
  lost: LostAnswer[];
  /** How many requests each `METHOD path` (without query) got. */
  seen: Map<string, number>;
  close(): Promise<void>;
}

export async function startLossyProxy(
  target: string,
  lose: (method: string, path: string) => boolean,
): Promise<LossyProxy> {
  const upstream = new URL(target);
  const lost: LostAnswer[] = [];
  const seen = new Map<string, number>();
  const server = createServer((incoming: IncomingMessage, outgoing) => {
    const path = (incoming.url ?? '/').split('?')[0]!;
    const key = `${incoming.method} ${path}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        if (!lose(incoming.method ?? '', path)) {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
          return;
        }
        let body = '';
        answer.on('data', (chunk: Buffer) => {
          body += chunk;
        });
        answer.on('end', () => {
          lost.push({ method: incoming.method ?? '', path, status: answer.statusCode ?? 0, body });
          incoming.socket.destroy();
        });
      },
    );
    forward.on('error', () => outgoing.destroy());
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname}`,
    lost,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
