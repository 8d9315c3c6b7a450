// Part URLs are SigV4 pre-signed, and the sandbox checks them the way S3 does, behind the
// gateway and with direct URLs alike: a client that mangles a URL in any signed part fails
// here as it would against S3, with S3's error code, and nothing is stored.
import { describe, expect, test } from 'vitest';
import type { AssetPartUpload, AssetUpload } from '../../../main/engine/protocol';
import type { Sandbox, SandboxOptions } from '../../../main/sandbox';
import { completeUpload, confirmPart, login, md5, MiB, partBytes, putPart, sendParts, sha256, startRequest, startUpload, testBytes, useSandboxes } from './sandbox-harness';

const harness = useSandboxes();

function edit(url: string, change: (params: URLSearchParams, parsed: URL) => void): string {
  const parsed = new URL(url);
  change(parsed.searchParams, parsed);
  return parsed.toString();
}

/** `20240131T235959Z` shifted by `seconds`. */
function shiftAmzDate(value: string, seconds: number): string {
  const iso = `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}T${value.slice(9, 11)}:${value.slice(11, 13)}:${value.slice(13, 15)}Z`;
  return new Date(Date.parse(iso) + seconds * 1000).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

const tamperings: Array<[string, (url: string, other: string) => string, number, string, string]> = [
  ['a junk signature', (url) => edit(url, (q) => q.set('X-Amz-Signature', 'junk')), 403, 'SignatureDoesNotMatch', 'does not match the signature you provided'],
  [
    'one digit of the signature changed',
    (url) => edit(url, (q) => q.set('X-Amz-Signature', (q.get('X-Amz-Signature') ?? '').replace(/.$/, (c) => (c === '0' ? '1' : '0')))),
    403,
    'SignatureDoesNotMatch',
    'does not match',
  ],
  ['X-Amz-Date a second later', (url) => edit(url, (q) => q.set('X-Amz-Date', shiftAmzDate(q.get('X-Amz-Date') ?? '', 1))), 403, 'SignatureDoesNotMatch', 'does not match'],
  ['X-Amz-Expires lengthened', (url) => edit(url, (q) => q.set('X-Amz-Expires', String(Number(q.get('X-Amz-Expires')) + 60))), 403, 'SignatureDoesNotMatch', 'does not match'],
  ['partNumber changed to another part', (url) => edit(url, (q) => q.set('partNumber', '2')), 403, 'SignatureDoesNotMatch', 'does not match'],
  ['the signature of another part', (url, other) => edit(url, (q) => q.set('X-Amz-Signature', new URL(other).searchParams.get('X-Amz-Signature') ?? '')), 403, 'SignatureDoesNotMatch', 'does not match'],
  ['the object key changed', (url) => edit(url, (_q, u) => (u.pathname = u.pathname.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a')))), 403, 'SignatureDoesNotMatch', 'does not match'],
  ['X-Amz-Date moved into the past (expired)', (url) => edit(url, (q) => q.set('X-Amz-Date', shiftAmzDate(q.get('X-Amz-Date') ?? '', -7200))), 403, 'AccessDenied', 'Request has expired'],
  ['X-Amz-Expires over a week', (url) => edit(url, (q) => q.set('X-Amz-Expires', '604801')), 400, 'AuthorizationQueryParametersError', 'less than a week'],
  ['X-Amz-Expires not a number', (url) => edit(url, (q) => q.set('X-Amz-Expires', 'soon')), 400, 'AuthorizationQueryParametersError', 'should be a number'],
  ['X-Amz-Date malformed', (url) => edit(url, (q) => q.set('X-Amz-Date', 'yesterday')), 400, 'AuthorizationQueryParametersError', 'ISO8601'],
  ['another access key', (url) => edit(url, (q) => q.set('X-Amz-Credential', (q.get('X-Amz-Credential') ?? '').replace(/^[^/]+/, 'AKIDFORGED'))), 403, 'InvalidAccessKeyId', 'does not exist in our records'],
  ['another region', (url) => edit(url, (q) => q.set('X-Amz-Credential', (q.get('X-Amz-Credential') ?? '').replace('/us-east-1/', '/eu-west-3/'))), 400, 'AuthorizationQueryParametersError', 'is wrong; expecting'],
  ['no signature at all', (url) => edit(url, (q) => q.delete('X-Amz-Signature')), 403, 'AccessDenied', 'requires the X-Amz-Algorithm'],
];

const topologies: Array<[string, Partial<SandboxOptions>]> = [
  ['behind the gateway', {}],
  ['with direct URLs (s3rver guarded)', { directUrls: true }],
];

describe.each(topologies)('pre-signed part URLs %s', (_name, options) => {
  async function openUpload(): Promise<{ sandbox: Sandbox; token: string; upload: AssetUpload; source: Buffer }> {
    const sandbox = await harness.start(options);
    const { token } = await login(sandbox);
    const source = testBytes(6 * MiB, 70);
    const upload = await startUpload(sandbox, token, startRequest({ relativePath: 'signed.bin', contentLength: source.length }));
    return { sandbox, token, upload, source };
  }

  test('every tampering is refused with S3\'s error; nothing is stored; the genuine URL still works', async () => {
    const { sandbox, token, upload, source } = await openUpload();
    const [first, second] = upload.parts as [AssetPartUpload, AssetPartUpload];
    const bytes = partBytes(source, first);

    for (const [what, tamper, status, code, message] of tamperings) {
      const answer = await putPart(tamper(first.url ?? '', second.url ?? ''), bytes);
      expect({ what, status: answer.status, code: /<Code>([^<]+)<\/Code>/.exec(answer.text)?.[1] }).toEqual({ what, status, code });
      expect(answer.text).toContain(message);
      expect(answer.text).not.toContain(new URL(first.url ?? '').searchParams.get('X-Amz-Signature') ?? '');
    }
    // None of it reached storage: the part cannot be confirmed.
    expect((await confirmPart(sandbox, token, first.id, `"${md5(bytes)}"`)).status).toBe(400);

    // Re-encoding the query (another client library) changes no signed value: still valid.
    const reencoded = await putPart(edit(first.url ?? '', () => {}), bytes);
    expect(reencoded.status).toBe(200);
    expect(reencoded.etag).toBe(`"${md5(bytes)}"`);
    await sendParts(sandbox, token, upload, source);
    expect((await completeUpload(sandbox, token, upload.id)).status).toBe(200);
    expect((await sandbox.assets())[0]?.sha256).toBe(sha256(source));
  });
});

describe('with direct URLs, s3rver answers like a private S3 bucket', () => {
  test('an unsigned request is refused; header-signed SDK calls of the sandbox still work', async () => {
    const sandbox = await harness.start({ directUrls: true });
    const base = `${sandbox.storage.url}/${sandbox.storage.bucket}`;
    const listing = await fetch(`${base}/`);
    expect(listing.status).toBe(403);
    expect(await listing.text()).toContain('<Code>AccessDenied</Code>');
    expect((await fetch(`${base}/objects/x`, { method: 'PUT', body: 'x' })).status).toBe(403);
  });
});
