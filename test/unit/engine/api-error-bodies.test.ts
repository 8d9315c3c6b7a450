// Real Nomad servers do not all answer errors the same way: ASP.NET ProblemDetails (with or
// without a validation `errors` map), Nomad's own `{errors: [{code, field, message}]}`,
// `{message}`, a bare JSON string, plain text, or a proxy's HTML page. Whatever the shape, the
// person reads the server's own words, and "already exists" on start is the conflict question
// whether it comes as 400, 409 or 422.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NomadApi, type Session } from '../../../main/engine/api';
import type { AssetUploadStartRequest } from '../../../main/engine/protocol';
import { readServerWords } from '../../../main/engine/server-words';
import { FakeNomad, SERVER, type Answer } from './support/fake-nomad';

const NOW = 1_700_000_000_000;
let nomad: FakeNomad;
beforeEach(() => {
  nomad = new FakeNomad();
});
afterEach(async () => {
  await nomad.close();
});

const session: Session = { token: 't1', refreshToken: 'r1', expiresAt: NOW + 3_600_000, userName: 'demo' };
const api = (): NomadApi => new NomadApi({ serverUrl: SERVER, dispatcher: nomad.agent, now: () => NOW, session });
const start: AssetUploadStartRequest = {
  displayName: 'a.mov',
  uploadOverwriteOption: 'Cancel',
  relativePath: 'shoot/a.mov',
  contentLength: 10,
  chunkSize: 8 * 1024 * 1024,
};

const json = (status: number, body: unknown): Answer => ({ status, body });
const EXISTS = '"shoot/a.mov" already exists';

/** The four body styles the sandbox's variants answer with, for the same refusal. */
const bodies: Array<[string, (status: number, words: string) => Answer]> = [
  ['ProblemDetails', (status, words) => json(status, { type: 'about:blank', title: 'Bad Request', status, detail: words })],
  ['Nomad {errors: [{code, field, message}]}', (status, words) => json(status, { errors: [{ code: 'BadRequest', field: null, message: words }] })],
  ['{message}', (status, words) => json(status, { message: words })],
  ['a bare JSON string', (status, words) => json(status, words)],
];

describe('"already exists" on start, in every body style and status a server may use', () => {
  for (const [style, body] of bodies) {
    for (const status of [400, 409, 422]) {
      it(`${status} as ${style} is the conflict question, with the server's words and no invented ids`, async () => {
        nomad.on('POST', '/asset/upload/start', body(status, EXISTS));
        await expect(api().startUpload(start)).rejects.toMatchObject({
          code: 'asset-exists',
          message: expect.stringContaining(EXISTS),
          context: { request: 'POST /asset/upload/start', status, detail: EXISTS, conflict: { assetId: null, uploadId: null } },
        });
      });
    }
  }

  it('a 422 whose error code says so (AssetAlreadyExists) is the conflict even when the message is vague', async () => {
    nomad.on('POST', '/asset/upload/start', json(422, { errors: [{ code: 'AssetAlreadyExists', field: 'relativePath', message: 'Not allowed.' }] }));
    await expect(api().startUpload(start)).rejects.toMatchObject({
      code: 'asset-exists',
      context: { status: 422, serverCode: 'AssetAlreadyExists', detail: 'Not allowed. (relativePath)' },
    });
  });

  for (const [style, body] of bodies) {
    it(`any other 400 as ${style} is bad-request, and the message carries the server's words`, async () => {
      nomad.on('POST', '/asset/upload/start', body(400, 'chunkSize must be at least 5 MiB'));
      await expect(api().startUpload(start)).rejects.toMatchObject({
        code: 'bad-request',
        message: expect.stringContaining('chunkSize must be at least 5 MiB'),
        context: { status: 400, detail: 'chunkSize must be at least 5 MiB' },
      });
    });
  }

  it('"No asset exists with id …" is a bad request, not a conflict', async () => {
    nomad.on('POST', '/asset/upload/start', json(400, { message: 'No asset exists with id 42' }));
    await expect(api().startUpload(start)).rejects.toMatchObject({ code: 'bad-request' });
  });
});

describe("the server's words reach every error, not only start's", () => {
  it('part-complete refused in Nomad style names the message and the field', async () => {
    nomad.on('POST', '/asset/upload/part/p-1/complete', json(400, { errors: [{ code: 'InvalidEtag', field: 'etag', message: 'The ETag does not match the stored part' }] }));
    await expect(api().completePart('p-1', 'x')).rejects.toMatchObject({
      code: 'bad-request',
      message: expect.stringContaining('The ETag does not match the stored part (etag)'),
      context: { serverCode: 'InvalidEtag' },
    });
  });

  it('a 500 as a bare string says what broke', async () => {
    nomad.on('POST', '/asset/upload/up-1/complete', json(500, 'Database unavailable'));
    await expect(api().completeUpload('up-1')).rejects.toMatchObject({ code: 'server-error', message: expect.stringContaining('Database unavailable') });
  });

  it('a 404 in plain text (not JSON) still carries the text', async () => {
    nomad.on('GET', '/admin/asset/upload/up-1', { status: 404, body: 'upload up-1 is unknown' });
    await expect(api().getUploadParts('up-1')).rejects.toMatchObject({ code: 'not-found', context: { detail: 'upload up-1 is unknown' } });
  });

  it('an HTML error page is not shown as words', async () => {
    nomad.on('POST', '/asset/upload/up-1/complete', { status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' });
    const failure = await api().completeUpload('up-1').catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'server-error', context: { status: 502 } });
    expect((failure as Error).message).not.toContain('<');
  });

  it('the server\'s words are redacted: a bearer token quoted back never reaches the message', async () => {
    nomad.on('POST', '/asset/upload/up-1/complete', json(400, { message: 'Header was Authorization: Bearer abc.def.ghi' }));
    const failure = (await api().completeUpload('up-1').catch((error: unknown) => error)) as Error & { context: { detail: string } };
    expect(failure.message).not.toContain('abc.def.ghi');
    expect(failure.context.detail).toContain('Bearer REDACTED');
  });
});

describe('readServerWords', () => {
  it('an ASP.NET validation problem lists each field with its message', () => {
    const words = readServerWords(
      JSON.stringify({ title: 'One or more validation errors occurred.', status: 400, errors: { chunkSize: ['must be at least 5242880'], contentLength: ['is required'] } }),
    );
    expect(words.summary).toBe('chunkSize: must be at least 5242880; contentLength: is required');
  });

  it('a ProblemDetails with only a title says the title', () => {
    expect(readServerWords(JSON.stringify({ title: 'Conflict', status: 409 })).summary).toBe('Conflict');
  });

  it('a detail that repeats the message is said once', () => {
    expect(readServerWords(JSON.stringify({ detail: 'Quota exceeded for this folder', message: 'Quota exceeded' })).summary).toBe('Quota exceeded for this folder');
  });

  it('keeps the ids of a conflict when the server names them', () => {
    expect(readServerWords(JSON.stringify({ detail: 'exists', assetId: 'a-1', uploadId: 'u-1' }))).toMatchObject({ assetId: 'a-1', uploadId: 'u-1' });
  });

  it('cuts a stack trace to a readable length', () => {
    expect(readServerWords(JSON.stringify({ detail: 'x'.repeat(5000) })).summary!.length).toBeLessThanOrEqual(400);
  });

  it('an empty body says nothing', () => {
    expect(readServerWords('').summary).toBeUndefined();
  });
});
