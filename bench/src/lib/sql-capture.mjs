// Loaded into the server under bench (`NODE_OPTIONS=--import …/sql-capture.mjs`, GZ_BENCH_SQL_CAPTURE=<file>): while
// capture is switched on (SIGUSR2 toggles it; off at start) every statement the server sends — through pg's
// Client or through PGlite — is appended to the file as one JSON line {sql, params}. The bench switches it on
// around a few single requests to learn, per endpoint, the exact statements and parameters it runs, and replays
// them straight against the database as that endpoint's SQL ceiling. Statements outside an HTTP request (timers,
// the live listener) are left out. Off, it costs one boolean test per statement.
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const file = process.env.GZ_BENCH_SQL_CAPTURE;
if (file) {
  let on = false;
  process.on('SIGUSR2', () => {
    on = !on;
    fs.appendFileSync(file, `${JSON.stringify({ capture: on })}\n`);
  });
  // Only statements made on behalf of an HTTP request: the timer runner and the live listener are not an endpoint's work.
  const inRequest = new AsyncLocalStorage();
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (event, ...args) {
    if (event === 'request') return inRequest.run(true, () => emit.call(this, event, ...args));
    return emit.call(this, event, ...args);
  };
  const record = (sql, params) => {
    if (!on || typeof sql !== 'string' || !inRequest.getStore()) return;
    fs.appendFileSync(file, `${JSON.stringify({ sql, params: params ?? [] })}\n`);
  };
  const serverRequire = createRequire(path.join(process.cwd(), 'server', 'package.json'));
  const pg = serverRequire('pg');
  const clientQuery = pg.Client.prototype.query;
  pg.Client.prototype.query = function (config, values, cb) {
    if (typeof config === 'string') record(config, Array.isArray(values) ? values : undefined);
    else if (config && typeof config.text === 'string') record(config.text, config.values);
    return clientQuery.call(this, config, values, cb);
  };
  // The ESM build, the one the server imports (the CommonJS build would be another class).
  let pkgDir = path.dirname(serverRequire.resolve('@electric-sql/pglite'));
  while (!fs.existsSync(path.join(pkgDir, 'package.json'))) pkgDir = path.dirname(pkgDir);
  const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  const { PGlite } = await import(pathToFileURL(path.join(pkgDir, pkg.exports['.'].import.default)).href);
  const pgliteQuery = PGlite.prototype.query;
  PGlite.prototype.query = function (sql, params, options) {
    record(sql, params);
    return pgliteQuery.call(this, sql, params, options);
  };
}
