/**
 * `@eyeglass-jobs/client/node`: Node-only helpers, kept out of the main entry so that browser
 * bundles never see a Node import. The appliance serves a self-signed certificate by default;
 * `createNodeFetch({ ca })` returns a `fetch` that trusts the given CA and nothing else extra.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';
import type { FetchFunction } from './core/types.js';

export interface NodeFetchOptions {
  /** PEM certificates to trust, such as the appliance's CA or its self-signed certificate. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** A client certificate and key, for an appliance that asks for one. */
  cert?: string | Buffer;
  key?: string | Buffer;
  /** The name to check the certificate against, when the URL holds an IP address. */
  servername?: string;
  /** Reuse connections between requests. Default true. */
  keepAlive?: boolean;
}

/** A `fetch` over node:https with its own TLS settings; `close` ends its kept-alive connections. */
export type NodeFetch = FetchFunction & { close(): void };

function responseOf(request: Request, incoming: IncomingMessage, body: Buffer): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, item);
  }
  const status = incoming.statusCode ?? 0;
  const empty = status === 204 || status === 304 || request.method === 'HEAD';
  return new Response(empty ? null : new Uint8Array(body), {
    status,
    statusText: incoming.statusMessage ?? '',
    headers,
  });
}

/**
 * A `fetch` for `createEyeglassClient({ fetch })` that connects with the given TLS options. It sends
 * the request as it is, follows no redirect, and reads the whole answer before resolving.
 */
export function createNodeFetch(options: NodeFetchOptions = {}): NodeFetch {
  const { keepAlive = true, ...tls } = options;
  const agent = new Agent({ ...tls, keepAlive });
  const nodeFetch = async (input: Request, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new TypeError(`unsupported protocol ${url.protocol}`);
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<Response>((resolve, reject) => {
      const outgoing = send(
        url,
        {
          method: request.method,
          headers: Object.fromEntries(request.headers),
          signal: request.signal,
          ...(url.protocol === 'https:' && { agent }),
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('error', reject);
          incoming.on('end', () => resolve(responseOf(request, incoming, Buffer.concat(chunks))));
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  };
  return Object.assign(nodeFetch, { close: () => agent.destroy() });
}
