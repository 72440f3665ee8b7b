#!/usr/bin/env node
// Entry point of the `licheng` command: runs the TypeScript sources through tsx's loader.
const { register } = await import('tsx/esm/api');

register();
await import('../src/cli/main.ts');
