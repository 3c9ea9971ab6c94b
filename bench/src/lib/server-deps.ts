import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (bench/src/lib → ../../..). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Loads a package exactly as the server resolves it (fastify, pg), so a ceiling runs the same version as the
 * server it is compared with, and bench needs no dependency of its own beyond @gongzhi/server.
 */
export const serverRequire = createRequire(path.join(repoRoot, 'server', 'package.json'));
