// Content-MD5 (RFC 1864: base64 of the binary MD5 of the body). S3 verifies it on every PUT
// when it is sent, whatever the bucket's encryption: the only integrity check a client has
// where ETags are not MD5s (SSE-KMS). The sandbox's storage does the same.

export type ContentMd5 = { kind: 'absent' } | { kind: 'malformed' } | { kind: 'expected'; hex: string };

export const INVALID_DIGEST_MESSAGE = 'The Content-MD5 you specified was invalid.';
export const BAD_DIGEST_MESSAGE = 'The Content-MD5 you specified did not match what we received.';

export function parseContentMd5(header: string | string[] | undefined): ContentMd5 {
  if (header === undefined) return { kind: 'absent' };
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!/^[A-Za-z0-9+/]{22}==$/.test(value.trim())) return { kind: 'malformed' };
  return { kind: 'expected', hex: Buffer.from(value.trim(), 'base64').toString('hex') };
}
