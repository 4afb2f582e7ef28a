/**
 * The comparison server for the ingest benchmark: restify on the same port, reading the same request body and
 * answering 200 with a body of the same shape, and nothing else (no auth, parsing, validation or storage).
 * Run as a child process: PORT=… node --import tsx bench/lib/bare-server.ts
 */
import '../../api/quiet-restify-warning';
import restify from 'restify';
import { randomUUID } from 'node:crypto';

const server = restify.createServer({ handleUncaughtExceptions: false });
server.post('/api/veeam/job-complete', async (req, res) => {
  for await (const _chunk of req as AsyncIterable<Buffer>) {
    /* read the whole body, as the real route does */
  }
  res.send(200, { success: true, id: randomUUID(), duplicate: false });
});
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const { port } = server.address();
  process.stdout.write(`${JSON.stringify({ msg: 'listening', url: `http://127.0.0.1:${port}` })}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
