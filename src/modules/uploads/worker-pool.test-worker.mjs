// Test fixture for worker-pool.test.ts: echoes, fails, or dies on request.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', async ({ id, action, value }) => {
  if (action === 'die') process.exit(3);
  if (action === 'fail') return parentPort.postMessage({ id, failure: 'asked to fail' });
  await new Promise((r) => setTimeout(r, 20));
  parentPort.postMessage({ id, result: { value, thread: (await import('node:worker_threads')).threadId } });
});
