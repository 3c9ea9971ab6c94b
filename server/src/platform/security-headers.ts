import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * Security headers on every response (docs/security.md): the API answers JSON and never needs to run or show
 * anything, so its CSP allows nothing; the three faces get a CSP with a fresh nonce per page view, scripts from
 * this origin only and no 'unsafe-inline' anywhere.
 *
 * Why a style nonce: antd 6 writes its component styles at run time into <style> elements (@ant-design/cssinjs),
 * which `style-src 'self'` alone would block. The web build (web/vite.config.ts `html.cspNonce`) puts
 * NONCE_PLACEHOLDER on its tags and in `<meta property="csp-nonce">`; each page view replaces it with a fresh
 * nonce; the workbench hands it to antd (`ConfigProvider csp={{ nonce }}`) and Vite's preloader reads it too.
 */
export const NONCE_PLACEHOLDER = '__GZ_CSP_NONCE__';

/** Nothing to run, show, frame or submit: JSON, files and errors. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function pageCsp(nonce: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    // Photo previews (blob:), antd's inline SVG/data images.
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const ALWAYS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  // The photo picker uses <input type=file capture>, which needs no camera permission.
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

/**
 * Swagger UI (/api/docs) ships its scripts and styles as files: its own CSP default minus
 * `upgrade-insecure-requests`, which would break the docs on a plain-HTTP trial or LAN install.
 */
export const SWAGGER_UI_CSP =
  "default-src 'self'; base-uri 'self'; font-src 'self' data:; frame-ancestors 'none'; img-src 'self' data: validator.swagger.io; object-src 'none'; script-src 'self'; script-src-attr 'none'; style-src 'self' https:";

/** One year, behind TLS only: a plain-HTTP trial on localhost must not be pinned to HTTPS. */
export const HSTS = 'max-age=31536000; includeSubDomains';

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    for (const [name, value] of Object.entries(ALWAYS)) if (!reply.hasHeader(name)) reply.header(name, value);
    // Pages set their own (with a nonce); Swagger UI sets its own (staticCSP).
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', API_CSP);
    // request.protocol honours X-Forwarded-Proto from the TLS-terminating proxy (trustProxy).
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
    return payload;
  });
}

/** Sends a face's index.html with a fresh nonce in its tags and in its CSP. Read again only when the build changes. */
export function createPageSender(webDist: string): (reply: FastifyReply, entry: string) => FastifyReply {
  const pages = new Map<string, { mtimeMs: number; html: string }>();
  return (reply, entry) => {
    const file = path.join(webDist, entry);
    const { mtimeMs } = fs.statSync(file);
    let page = pages.get(entry);
    if (!page || page.mtimeMs !== mtimeMs) {
      page = { mtimeMs, html: fs.readFileSync(file, 'utf8') };
      pages.set(entry, page);
    }
    const nonce = crypto.randomBytes(16).toString('base64');
    return reply
      .header('content-security-policy', pageCsp(nonce))
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(page.html.replaceAll(NONCE_PLACEHOLDER, nonce));
  };
}
