import fs from 'node:fs';
import path from 'node:path';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite serves one process: two processes on one data directory would both write its files. A lock file beside the
 * directory holds the owner's pid; a lock left by a process that died (a crash, SIGKILL) is taken over.
 * Returns the function that releases it.
 */
export function lockDataDir(dataDir: string): () => void {
  const file = `${path.resolve(dataDir)}.lock`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => {
        try {
          if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(fs.readFileSync(file, 'utf8').trim());
      if (owner && owner !== process.pid && alive(owner)) {
        throw new Error(
          `Another Gongzhi process (pid ${owner}) is using the embedded database in ${dataDir}. The embedded database serves one process: stop that one, or run several instances on PostgreSQL (DATABASE_URL).`,
          { cause: err },
        );
      }
      fs.rmSync(file, { force: true }); // stale, or our own from an earlier open in this process
    }
  }
  throw new Error(`Could not lock ${file}.`);
}
