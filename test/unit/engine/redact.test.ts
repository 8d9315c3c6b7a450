import { describe, expect, it } from 'vitest';
import { redactText, redactUrl } from '../../../main/engine/redact';

const SIGNATURE = '9f2c1e0d4b3a29187e6f5d4c3b2a1908f7e6d5c4b3a291807f6e5d4c3b2a190';
const CREDENTIAL = 'AKIAIOSFODNN7EXAMPLE%2F20260101%2Fus-east-1%2Fs3%2Faws4_request';
const SESSION = 'IQoJb3JpZ2luX2VjEJr%2F%2F%2F%2F%2F%2F%2F%2F%2F%2FwEaCXVzLWVhc3QtMSJHMEUCIQ';

const presigned =
  'https://bucket.s3.amazonaws.com/uploads/a%20b.mov?partNumber=3&uploadId=abc' +
  `&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${CREDENTIAL}&X-Amz-Date=20260101T000000Z` +
  `&X-Amz-Expires=3600&X-Amz-Security-Token=${SESSION}&X-Amz-Signature=${SIGNATURE}&X-Amz-SignedHeaders=host`;

describe('redactUrl', () => {
  it('masks the signature, credential and session token of a pre-signed URL and keeps the rest', () => {
    const shown = redactUrl(presigned);
    expect(shown).not.toContain(SIGNATURE);
    expect(shown).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(shown).not.toContain('IQoJb3JpZ2luX2VjEJr');
    const url = new URL(shown);
    expect(url.searchParams.get('X-Amz-Signature')).toBe('REDACTED');
    expect(url.searchParams.get('X-Amz-Credential')).toBe('REDACTED');
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe('REDACTED');
    // What helps debugging stays: where, which part, when, how long.
    expect(url.host).toBe('bucket.s3.amazonaws.com');
    expect(url.pathname).toBe('/uploads/a%20b.mov');
    expect(url.searchParams.get('partNumber')).toBe('3');
    expect(url.searchParams.get('X-Amz-Date')).toBe('20260101T000000Z');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('3600');
  });

  it('matches the parameter names whatever their case', () => {
    const shown = redactUrl(`https://s3.test/k?x-amz-signature=${SIGNATURE}&X-AMZ-CREDENTIAL=abc`);
    expect(shown).not.toContain(SIGNATURE);
    expect(shown).not.toContain('=abc');
  });

  it('leaves a URL without secrets as it was', () => {
    expect(redactUrl('https://nomad.test/api/asset/upload/start')).toBe('https://nomad.test/api/asset/upload/start');
  });

  it('never echoes something it cannot parse', () => {
    expect(redactUrl(`not a url X-Amz-Signature=${SIGNATURE}`)).toBe('[unparseable URL]');
  });
});

describe('redactText', () => {
  it('masks pre-signed URL secrets inside free text (a library error message, say)', () => {
    const message = `PUT ${presigned} failed: socket hang up`;
    const shown = redactText(message);
    expect(shown).not.toContain(SIGNATURE);
    expect(shown).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(shown).not.toContain('IQoJb3JpZ2luX2VjEJr');
    expect(shown).toContain('X-Amz-Signature=REDACTED');
    expect(shown).toContain('X-Amz-Credential=REDACTED');
    expect(shown).toContain('X-Amz-Security-Token=REDACTED');
    expect(shown).toContain('socket hang up');
    expect(shown).toContain('partNumber=3');
  });

  it('stops a masked value at quotes and whitespace', () => {
    expect(redactText(`"url":"https://x/?X-Amz-Signature=${SIGNATURE}" next`)).toBe(
      '"url":"https://x/?X-Amz-Signature=REDACTED" next',
    );
  });

  it('masks bearer tokens (JWTs included)', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZW1vIn0.c2lnbmF0dXJl-_x';
    const shown = redactText(`authorization: Bearer ${jwt} was refused`);
    expect(shown).toBe('authorization: Bearer REDACTED was refused');
  });

  it('masks bearer tokens whatever the case of the scheme (HTTP auth schemes are case-insensitive)', () => {
    expect(redactText('Authorization: bearer s3cr3t-token')).toBe('Authorization: bearer REDACTED');
    expect(redactText('BEARER s3cr3t-token')).toBe('BEARER REDACTED');
  });

  it('leaves text without secrets alone', () => {
    expect(redactText('Part 3 arrived damaged; sending it again.')).toBe('Part 3 arrived damaged; sending it again.');
  });
});
