// Test fixture for worker-pool.test.ts: echoes, fails, or dies on request; 'gather' answers only once
// `value` gather tasks have arrived (possible only when the pool lets this worker hold that many).
import { parentPort, threadId } from 'node:worker_threads';

const gathered = [];
parentPort.on('message', async ({ id, action, value }) => {
  if (action === 'gather') {
    gathered.push(id);
    if (gathered.length === value)
      for (const held of gathered.splice(0))
        parentPort.postMessage({ id: held, result: { value, thread: threadId } });
    return;
  }
  if (action === 'die') process.exit(3);
  if (action === 'fail') return parentPort.postMessage({ id, failure: 'asked to fail' });
  await new Promise((r) => setTimeout(r, 20));
  parentPort.postMessage({ id, result: { value, thread: (await import('node:worker_threads')).threadId } });
});
