import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Inputs of the web build: when any is newer than the built index.html, the build is stale. */
const INPUTS = ['src/web', 'src/domain', 'index.html', 'public', 'vite.config.ts', 'package-lock.json'];

async function newestMtime(p: string): Promise<number> {
  if (!existsSync(p)) return 0;
  const st = await fs.stat(p);
  if (!st.isDirectory()) return st.mtimeMs;
  const entries = await fs.readdir(p, { withFileTypes: true });
  const times = await Promise.all(entries.map((e) => newestMtime(path.join(p, e.name))));
  return Math.max(st.mtimeMs, ...times);
}

/** Whether dist/web is missing or older than its sources. */
export async function webBuildIsStale(rootDir: string, distDir: string): Promise<boolean> {
  const built = path.join(distDir, 'index.html');
  if (!existsSync(built)) return true;
  const builtAt = (await fs.stat(built)).mtimeMs;
  const times = await Promise.all(INPUTS.map((i) => newestMtime(path.join(rootDir, i))));
  return Math.max(...times) > builtAt;
}

/** Builds the SPA with Vite when missing or stale (what `npm start` does before listening). */
export async function ensureWebBuilt(
  rootDir: string,
  distDir: string,
  log: (msg: string) => void,
): Promise<void> {
  if (!(await webBuildIsStale(rootDir, distDir))) return;
  log('building the web app (missing or stale)…');
  const { build } = await import('vite');
  // Vite sets process.env.NODE_ENV=production for the build; it must not leak into the caller
  // (the server's own settings, or the processes a benchmark spawns).
  const nodeEnv = process.env.NODE_ENV;
  try {
    // Always the production bundle (under vitest NODE_ENV is `test`, which made Vite bundle React's
    // development build: a third larger, and not what a school is served).
    process.env.NODE_ENV = 'production';
    await build({
      mode: 'production',
      root: rootDir,
      configFile: path.join(rootDir, 'vite.config.ts'),
      logLevel: 'warn',
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}
