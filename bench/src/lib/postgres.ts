import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cleanups, freePort } from './processes.ts';

/**
 * A private PostgreSQL server for one bench run: initdb into a temporary directory, listen on 127.0.0.1 and a
 * free port, stop and remove it at the end. PostgreSQL refuses to run as root, so as root everything runs as
 * the `postgres` system user (created when missing).
 */
export type PrivatePostgres = {
  url: string;
  version: string;
  stop: () => void;
  /** The private cluster only (fault scripts): shut the server down (`pg_ctl stop -m fast`, in-flight transactions abort) and start it again on the same port and data. */
  halt?: () => Promise<void>;
  resume?: () => Promise<void>;
};

const PG_BIN_CANDIDATES = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'];

function pgBin(): string {
  const env = process.env.BENCH_PG_BIN;
  const dir = env ?? PG_BIN_CANDIDATES.find((d) => fs.existsSync(path.join(d, 'initdb')));
  if (!dir) throw new Error('PostgreSQL binaries not found: install postgresql-15, set BENCH_PG_BIN, or pass DATABASE_URL / BENCH_DATABASE_URL');
  return dir;
}

/**
 * How to run PostgreSQL's programs here: as the `postgres` system user when we are root (created when missing;
 * PostgreSQL refuses to run as root), as ourselves otherwise.
 */
function postgresRunner() {
  const bin = pgBin();
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    try {
      execFileSync('id', ['postgres'], { stdio: 'ignore' });
    } catch {
      execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    }
  }
  const run = (exe: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : path.join(bin, exe), asRoot ? ['-u', 'postgres', '--', path.join(bin, exe), ...args] : args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
  // The same, without blocking the event loop (a fault script keeps its load and its /readyz watch running meanwhile).
  const runAsync = async (exe: string, args: string[]) => {
    await promisify(execFile)(asRoot ? 'runuser' : path.join(bin, exe), asRoot ? ['-u', 'postgres', '--', path.join(bin, exe), ...args] : args, { encoding: 'utf8' });
  };
  return { asRoot, run, runAsync };
}

export async function startPrivatePostgres(log: (line: string) => void): Promise<PrivatePostgres> {
  // A generated city (or district) kept between runs: start that cluster, stop it afterwards, remove nothing.
  if (process.env.BENCH_PG_DIR) return startPersistentPostgres(process.env.BENCH_PG_DIR, log);
  const { asRoot, run, runAsync } = postgresRunner();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-bench-pg-'));
  fs.chmodSync(dir, 0o755);
  const data = path.join(dir, 'data');
  if (asRoot) execFileSync('chown', ['-R', 'postgres:', dir]);
  const port = await freePort();
  const stop = () => {
    cleanups.delete(stop);
    try {
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    } catch {
      // not running
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  cleanups.add(stop);
  try {
    log(`initdb ${data}`);
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8']);
    run('pg_ctl', ['-D', data, '-l', path.join(dir, 'postgres.log'), '-w', '-o', `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir}`, 'start']);
    run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'gongzhi_bench']);
    const version = run('postgres', ['--version']).trim();
    log(`${version} on 127.0.0.1:${port}`);
    const halt = () => runAsync('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    const resume = () => runAsync('pg_ctl', ['-D', data, '-l', path.join(dir, 'postgres.log'), '-w', '-o', `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir}`, 'start']);
    return { url: `postgres://postgres@127.0.0.1:${port}/gongzhi_bench`, version, stop, halt, resume };
  } catch (e) {
    stop();
    throw e;
  }
}

/**
 * A PostgreSQL cluster that outlives the bench run (the city the generator fills takes long to make): initdb into
 * `dir` the first time, start it on a free port each time, and `stop` it without removing anything.
 * Its URL changes from run to run (the port); `generate` prints it.
 */
export async function startPersistentPostgres(dir: string, log: (line: string) => void): Promise<PrivatePostgres> {
  const { asRoot, run } = postgresRunner();
  const data = path.join(dir, 'data');
  const fresh = !fs.existsSync(path.join(data, 'PG_VERSION'));
  fs.mkdirSync(dir, { recursive: true });
  fs.chmodSync(dir, 0o755);
  if (asRoot) execFileSync('chown', ['-R', 'postgres:', dir]);
  if (fresh) {
    log(`initdb ${data}`);
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8']);
  }
  const port = await freePort();
  const stop = () => {
    cleanups.delete(stop);
    try {
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    } catch {
      // not running
    }
  };
  cleanups.add(stop);
  // Bulk loading: fewer checkpoints; the data is synthetic, so a crash costs a rerun of a stage, not data.
  run('pg_ctl', ['-D', data, '-l', path.join(dir, 'postgres.log'), '-w', '-t', '300', '-o', `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c max_wal_size=4GB -c shared_buffers=512MB -c maintenance_work_mem=256MB`, 'start']);
  if (fresh) run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'gongzhi_bench']);
  const version = run('postgres', ['--version']).trim();
  log(`${version} on 127.0.0.1:${port} (data ${data})`);
  return { url: `postgres://postgres@127.0.0.1:${port}/gongzhi_bench`, version, stop };
}
