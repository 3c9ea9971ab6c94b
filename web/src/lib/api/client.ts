// The one place that talks HTTP. Same-origin cookie session; every non-GET carries the CSRF token
// handed out by login/me; every call says which language the server should answer errors in.
import { getLocale } from '../i18n/locale-store';

export interface ApiIssue {
  path: (string | number)[];
  message: string;
}

/** A non-2xx answer. `message` is already in the user's language: show it as is. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
  get issues(): ApiIssue[] {
    return Array.isArray(this.body.issues) ? (this.body.issues as ApiIssue[]) : [];
  }
}

let csrfToken: string | null = null;
export const setCsrfToken = (token: string | null) => {
  csrfToken = token;
};

type Unauthenticated = () => void;
let onUnauthenticated: Unauthenticated = () => {};
/** Each face decides what a 401 means for it (workbench: go to sign-in; cockpit: show a link). */
export const setUnauthenticatedHandler = (fn: Unauthenticated) => {
  onUnauthenticated = fn;
};

let onEnrolmentRequired: () => void = () => {};
/** The workbench sends a 403 TOTP_ENROLMENT_REQUIRED to the account-security page. */
export const setEnrolmentRequiredHandler = (fn: () => void) => {
  onEnrolmentRequired = fn;
};

export type Query = Record<string, string | number | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Query;
  json?: unknown;
  form?: FormData;
  /** Sign-in screens expect 401s and must not be redirected away. */
  quiet401?: boolean;
  /** Extra headers, e.g. `Idempotency-Key`. */
  headers?: Record<string, string>;
}

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { ...opts.headers, 'Accept-Language': getLocale(), Accept: 'application/json' };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let body: BodyInit | undefined;
  if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.form) body = opts.form;

  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), { method, headers, body, credentials: 'include' });
  } catch {
    throw new ApiError(0, 'NETWORK', '');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const b = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
    const err = new ApiError(res.status, String(b.code ?? `HTTP_${res.status}`), String(b.message ?? ''), b);
    if (res.status === 401 && !opts.quiet401) onUnauthenticated();
    if (res.status === 403 && err.code === 'TOTP_ENROLMENT_REQUIRED') onEnrolmentRequired();
    throw err;
  }
  return data as T;
}
