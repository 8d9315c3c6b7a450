import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { S3ErrorCode } from './s3-error-xml';
import { parseAmzDate } from './url-expiry';

/** The key pair and region pre-signed URLs are signed with. */
export interface SigningIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

export interface PresignedRequest {
  method: string;
  /** The request path as sent (percent-encoded), as S3 receives it. */
  path: string;
  /** The raw query string, without '?'. */
  query: string;
  /** Request header by lower-case name; `host` as S3 receives it. */
  header: (name: string) => string | undefined;
}

export type SignatureCheck =
  | { kind: 'valid'; signedAt: number; signature: string }
  | { kind: 'refused'; code: S3ErrorCode; message: string };

/** SigV4 caps pre-signed URL lifetime at 7 days. */
const MAX_EXPIRES_SECONDS = 7 * 24 * 3600;
const ALGORITHM = 'AWS4-HMAC-SHA256';
const REQUIRED = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders', 'X-Amz-Expires'] as const;

const refused = (code: S3ErrorCode, message: string): SignatureCheck => ({ kind: 'refused', code, message });

/**
 * Verifies a SigV4 query-string ("pre-signed") request the way S3 does: parameters, then the
 * validity window, then the credential scope and key, then the signature over the canonical
 * request (method, path, every query parameter but the signature, the signed headers,
 * UNSIGNED-PAYLOAD). So a junk, truncated or copied signature, and any edit of a signed part
 * of the URL (X-Amz-Date, X-Amz-Expires, partNumber, uploadId, the key), is refused with S3's
 * own error codes and messages. The messages are S3's; they never echo the signature.
 */
export function verifyPresigned(request: PresignedRequest, identity: SigningIdentity, now = Date.now()): SignatureCheck {
  const params = parseQuery(request.query);
  const get = (name: string): string | undefined => params.find(([key]) => key === name)?.[1];
  if (REQUIRED.some((name) => !get(name))) {
    return refused(
      'AccessDenied',
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    );
  }
  const [algorithm, credential, signature, amzDate, signedHeaderList, expires] = REQUIRED.map((name) => get(name) ?? '') as [string, string, string, string, string, string];
  if (algorithm !== ALGORITHM) return refused('AuthorizationQueryParametersError', `X-Amz-Algorithm only supports "${ALGORITHM}"`);
  const signedAt = parseAmzDate(amzDate);
  if (signedAt === null) return refused('AuthorizationQueryParametersError', "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
  if (!/^\d+$/.test(expires)) return refused('AuthorizationQueryParametersError', 'X-Amz-Expires should be a number');
  const lifetime = Number(expires);
  if (lifetime > MAX_EXPIRES_SECONDS) {
    return refused('AuthorizationQueryParametersError', `X-Amz-Expires must be less than a week (in seconds) that is ${MAX_EXPIRES_SECONDS}`);
  }
  if (now > signedAt + lifetime * 1000) return refused('AccessDenied', 'Request has expired');

  const scope = credential.split('/');
  const [accessKeyId, day, region, service, terminator] = scope;
  if (scope.length !== 5 || !accessKeyId || service !== 's3' || terminator !== 'aws4_request') {
    return refused('AuthorizationQueryParametersError', `Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`);
  }
  if (day !== amzDate.slice(0, 8)) {
    return refused('AuthorizationQueryParametersError', `Invalid credential date "${day ?? ''}". This date is not the same as X-Amz-Date: "${amzDate.slice(0, 8)}".`);
  }
  if (region !== identity.region) {
    return refused('AuthorizationQueryParametersError', `Error parsing the X-Amz-Credential parameter; the region '${region ?? ''}' is wrong; expecting '${identity.region}'`);
  }
  if (accessKeyId !== identity.accessKeyId) return refused('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');

  const signedHeaders = signedHeaderList.split(';');
  if (!signedHeaders.includes('host')) return refused('AuthorizationQueryParametersError', 'X-Amz-SignedHeaders must include "host"');
  const canonicalRequest = [
    request.method,
    canonicalPath(request.path),
    params
      .filter(([key]) => key !== 'X-Amz-Signature')
      .map(([key, value]) => [escape(key), escape(value)] as const)
      .sort(([a, av], [b, bv]) => (a === b ? compare(av, bv) : compare(a, b)))
      .map(([key, value]) => `${key}=${value}`)
      .join('&'),
    ...signedHeaders.map((name) => `${name}:${(request.header(name) ?? '').trim().replace(/\s+/g, ' ')}`),
    '',
    signedHeaderList,
    'UNSIGNED-PAYLOAD',
  ].join('\n');
  const stringToSign = [ALGORITHM, amzDate, `${day}/${region}/s3/aws4_request`, sha256Hex(canonicalRequest)].join('\n');
  const key = ['s3', 'aws4_request'].reduce(
    (k, part) => hmac(k, part),
    hmac(hmac(Buffer.from(`AWS4${identity.secretAccessKey}`), day), region),
  );
  const expected = hmac(key, stringToSign);
  const provided = /^[0-9a-f]{64}$/.test(signature) ? Buffer.from(signature, 'hex') : Buffer.alloc(0);
  if (provided.length !== expected.length || !timingSafeEqual(provided, expected)) {
    return refused('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
  }
  return { kind: 'valid', signedAt, signature };
}

/** Name/value pairs, percent-decoded ('+' is a plus, as S3 reads it); a malformed escape keeps the raw text (it then fails the signature). */
function parseQuery(query: string): [string, string][] {
  return query
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const at = pair.indexOf('=');
      const [name, value] = at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
      return [decode(name), decode(value)];
    });
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** RFC 3986 escaping, as SigV4 specifies (and as the SDK signs). */
function escape(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** S3 does not double-encode the path: each segment once, as the SDK signed the object key. */
function canonicalPath(path: string): string {
  return path
    .split('/')
    .map((segment) => escape(decode(segment)))
    .join('/');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function hmac(key: Buffer | string, data: string | undefined): Buffer {
  return createHmac('sha256', key).update(data ?? '').digest();
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
