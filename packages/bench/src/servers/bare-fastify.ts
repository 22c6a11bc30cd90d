/**
 * The baseline server of the throughput section: a bare Fastify route answering the same Job JSON
 * the simulator serves, with no validation, no auth and no database. Prints its URL when ready.
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const body = readFileSync(process.env.BENCH_JOB_FILE ?? '', 'utf8');
const app = Fastify({ logger: false });
app.get('/sera/v2/jobs/failover/:id', async (_request, reply) => reply.type('application/json').send(body));
const url = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`listening on ${url}\n`);
