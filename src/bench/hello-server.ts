/**
 * The ceiling: bare Fastify answering JSON, with the same process settings as Baton's server
 * (one Node process, logging at the level the benchmark gives Baton). Started as a child process.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: { level: process.env.BATON_LOG_LEVEL ?? 'silent' } });
app.get('/', () => ({ hello: 'world' }));
app.get('/health', () => ({ ok: true }));
await app.listen({ port: Number(process.env.PORT ?? '3990'), host: '127.0.0.1' });
