import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockDataDir } from './data-dir-lock.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-lock-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the embedded data-dir lock', () => {
  it('refuses a second live process and takes over a dead one', async () => {
    const dataDir = path.join(dir, 'pgdata');
    // A live process holds the lock.
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    fs.writeFileSync(`${dataDir}.lock`, String(child.pid));
    expect(() => lockDataDir(dataDir)).toThrow(/Another Gongzhi process/);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    // Its lock is now stale: taken over, and released again.
    const release = lockDataDir(dataDir);
    expect(fs.readFileSync(`${dataDir}.lock`, 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(false);
  });
});
