#!/usr/bin/env node
// Entry point of the `licheng` command: runs the TypeScript sources through tsx's loader.
// Every upload ends in fsyncs, which hold libuv's threadpool (4 threads by default) for milliseconds
// each; a larger pool keeps file reads and writes of other uploads from queueing behind them. Set
// before the pool starts (its first use), overridable from the environment.
process.env.UV_THREADPOOL_SIZE ??= '16';
const { register } = await import('tsx/esm/api');

register();
await import('../src/cli/main.ts');
