// What each HTTP exchange seen on the link was, in one vocabulary for every client: the Nomad
// API's calls and S3's. The report's per-request timings and the "what confirms a part / a
// file" rules of each client are written in these terms.

import type { HttpExchange } from '../link/http-observer';

export const EXCHANGE_KINDS = [
  'login',
  'start',
  'part-complete',
  'complete',
  'api-other',
  'upload-part',
  'put-object',
  'create-multipart',
  'complete-multipart',
  'create-bucket',
  'head',
  'get',
  'storage-other',
] as const;

export type ExchangeKind = (typeof EXCHANGE_KINDS)[number];

const PART_COMPLETE = /^\/api\/asset\/upload\/part\/[^/]+\/complete$/;
const UPLOAD_COMPLETE = /^\/api\/asset\/upload\/[^/]+\/complete$/;

export function kindOf(e: HttpExchange): ExchangeKind {
  if (e.forward === 'api') {
    if (e.path.endsWith('/account/login')) return 'login';
    if (e.path === '/api/asset/upload/start') return 'start';
    if (PART_COMPLETE.test(e.path)) return 'part-complete';
    if (UPLOAD_COMPLETE.test(e.path)) return 'complete';
    return 'api-other';
  }
  const query = new Set(e.query.split('&').map((q) => q.split('=')[0]));
  // Path-style S3: /bucket is the bucket itself (rclone creates it before uploading), /bucket/key an object.
  if (e.path.split('/').filter(Boolean).length < 2) return e.method === 'PUT' ? 'create-bucket' : 'storage-other';
  switch (e.method) {
    case 'PUT':
      return query.has('partNumber') ? 'upload-part' : 'put-object';
    case 'POST':
      if (query.has('uploads')) return 'create-multipart';
      if (query.has('uploadId')) return 'complete-multipart';
      return 'storage-other';
    case 'HEAD':
      return 'head';
    case 'GET':
      return 'get';
    default:
      return 'storage-other';
  }
}

export function succeeded(e: HttpExchange): boolean {
  return e.outcome === 'complete' && e.status !== null && e.status >= 200 && e.status < 300;
}

/** When the exchange stopped occupying its connection: its response's end, or the cut. */
export function endOf(e: HttpExchange): number | null {
  return e.responseEndMs ?? e.cutMs;
}

/** Carries file bytes to storage: a part or a whole small object. */
export function carriesData(kind: ExchangeKind): boolean {
  return kind === 'upload-part' || kind === 'put-object';
}
