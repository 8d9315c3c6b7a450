import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NomadApi, apiBaseUrl, parseRetryAfter, type ApiLogEvent, type NomadApiOptions, type Session } from '../../../main/engine/api';
import type { AssetUploadStartRequest } from '../../../main/engine/protocol';
import { FakeNomad, SERVER, loginAnswer, problem, uploadAnswer } from './support/fake-nomad';

const NOW = 1_700_000_000_000;
const HOUR = 3_600_000;

let nomad: FakeNomad;
beforeEach(() => {
  nomad = new FakeNomad();
});
afterEach(async () => {
  await nomad.close();
});

function client(options: Partial<NomadApiOptions> = {}): NomadApi {
  return new NomadApi({ serverUrl: SERVER, dispatcher: nomad.agent, now: () => NOW, ...options });
}

const signedIn = (token = 't1', refreshToken = 'r1', expiresInMs = HOUR): Session => ({
  token,
  refreshToken,
  expiresAt: NOW + expiresInMs,
  userName: 'demo',
});

const startRequest: AssetUploadStartRequest = {
  displayName: 'a.mov',
  uploadOverwriteOption: 'Cancel',
  relativePath: 'shoot/day 1/a.mov',
  parentId: null,
  contentLength: 10,
  chunkSize: 8 * 1024 * 1024,
};

describe('signing in', () => {
  it('login posts {userName, password} without a bearer and keeps the session the server answers', async () => {
    nomad.on('POST', '/account/login', loginAnswer('t1', 'r1', 600));
    const sessions: Array<Session | null> = [];
    const api = client({ onSession: (s) => sessions.push(s) });

    const session = await api.login({ userName: 'demo', password: 'pw' });

    const [sent] = nomad.requests;
    expect(sent).toMatchObject({ method: 'POST', route: '/account/login', body: { userName: 'demo', password: 'pw' } });
    expect(sent!.headers['content-type']).toBe('application/json');
    expect(sent!.headers.authorization).toBeUndefined();
    expect(session).toEqual({ token: 't1', refreshToken: 'r1', expiresAt: NOW + 600_000, userName: 'demo' });
    expect(api.session).toEqual(session);
    expect(api.signedIn).toBe(true);
    expect(sessions).toEqual([session]);
    nomad.assertDone();
  });

  it('a token without a stated lifetime is taken to last an hour', async () => {
    nomad.on('POST', '/account/login', { status: 200, body: { token: 't1', refreshToken: 'r1' } });
    const session = await client().login({ userName: 'demo', password: 'pw' });
    expect(session.expiresAt).toBe(NOW + HOUR);
  });

  it.each([404, 400, 401])('a wrong user name or password (%i) is auth-failed and leaves the client signed out', async (status) => {
    nomad.on('POST', '/account/login', problem(status, { detail: 'No such user' }));
    const api = client();
    await expect(api.login({ userName: 'demo', password: 'wrong' })).rejects.toMatchObject({
      code: 'auth-failed',
      context: { request: 'POST /account/login', status },
    });
    expect(api.signedIn).toBe(false);
  });

  it('a login answer without a token is invalid-response, not a session with token "undefined"', async () => {
    nomad.on('POST', '/account/login', { status: 200, body: { loginStatus: 'Success' } });
    const api = client();
    await expect(api.login({ userName: 'demo', password: 'pw' })).rejects.toMatchObject({ code: 'invalid-response' });
    expect(api.session).toBeNull();
  });
});

describe('authenticated calls', () => {
  it('every call sends Authorization: Bearer <token> to its own route', async () => {
    const api = client({ session: signedIn('t1') });
    nomad
      .on('POST', '/asset/upload/start', uploadAnswer())
      .on('POST', '/asset/upload/part/p-1/complete', { status: 200 })
      .on('POST', '/asset/upload/up-1/complete', { status: 200 })
      .on('POST', '/asset/upload/up-1/cancel', { status: 200 })
      .on('GET', '/admin/asset/upload', { status: 200, body: [] })
      .on('GET', '/admin/asset/upload/up-1', { status: 200, body: [] });

    const upload = await api.startUpload(startRequest);
    await api.completePart('p-1', '0123456789abcdef0123456789abcdef');
    await api.completeUpload('up-1');
    await api.cancelUpload('up-1');
    await api.listUploads();
    await api.getUploadParts('up-1');

    expect(upload).toMatchObject({ id: 'up-1', assetId: 'asset-1', parts: [{ id: 'p-1', partNumber: 1, isCompleted: false }] });
    expect(nomad.requests.map((r) => `${r.method} ${r.route} ${r.headers.authorization}`)).toEqual([
      'POST /asset/upload/start Bearer t1',
      'POST /asset/upload/part/p-1/complete Bearer t1',
      'POST /asset/upload/up-1/complete Bearer t1',
      'POST /asset/upload/up-1/cancel Bearer t1',
      'GET /admin/asset/upload Bearer t1',
      'GET /admin/asset/upload/up-1 Bearer t1',
    ]);
    expect(nomad.requests[0]!.body).toEqual(startRequest);
    expect(nomad.requests[1]!.body).toEqual({ etag: '0123456789abcdef0123456789abcdef' });
    nomad.assertDone();
  });

  it('cancel sends the message as a query parameter', async () => {
    nomad.on('POST', '/asset/upload/up-1/cancel', { status: 200 });
    await client({ session: signedIn() }).cancelUpload('up-1', 'Cancelled by the user & co');
    expect(nomad.requests[0]!.query.get('message')).toBe('Cancelled by the user & co');
  });

  it('cancel without a message sends no message parameter', async () => {
    nomad.on('POST', '/asset/upload/up-1/cancel', { status: 200 });
    await client({ session: signedIn() }).cancelUpload('up-1');
    expect(nomad.requests[0]!.query.has('message')).toBe(false);
  });

  it('listing uploads can ask for completed ones too', async () => {
    nomad.on('GET', '/admin/asset/upload', { status: 200, body: [] }, { times: 2 });
    const api = client({ session: signedIn() });
    await api.listUploads();
    await api.listUploads(true);
    expect(nomad.requests.map((r) => r.query.get('includeCompletedUploads'))).toEqual([null, 'true']);
  });

  it('ids are escaped into the path, never spliced raw', async () => {
    nomad.on('POST', '/asset/upload/part/a%2Fb%3Fc/complete', { status: 200 });
    await client({ session: signedIn() }).completePart('a/b?c', 'etag');
    expect(nomad.requests[0]!.route).toBe('/asset/upload/part/a%2Fb%3Fc/complete');
  });

  it('without a session or credentials a call is auth-required and nothing is sent', async () => {
    await expect(client().listUploads()).rejects.toMatchObject({ code: 'auth-required' });
    expect(nomad.requests).toEqual([]);
  });

  it('without a session but with credentials the client signs in first, then calls', async () => {
    nomad.on('POST', '/account/login', loginAnswer('t1', 'r1')).on('GET', '/admin/asset/upload', { status: 200, body: [] }, { token: 't1' });
    const api = client({ credentials: { userName: 'demo', password: 'pw' } });
    await expect(api.listUploads()).resolves.toEqual([]);
    expect(nomad.requests.map((r) => r.route)).toEqual(['/account/login', '/admin/asset/upload']);
  });
});

describe('token refresh', () => {
  it('a 401 triggers exactly one refresh and one retry with the new token', async () => {
    nomad
      .on('GET', '/admin/asset/upload/up-1', problem(401), { token: 't1' })
      .on('POST', '/account/refresh-token', loginAnswer('t2', 'r2'))
      .on('GET', '/admin/asset/upload/up-1', { status: 200, body: [] }, { token: 't2' });
    const api = client({ session: signedIn('t1', 'r1') });

    await expect(api.getUploadParts('up-1')).resolves.toEqual([]);

    expect(nomad.requests.map((r) => `${r.method} ${r.route}`)).toEqual([
      'GET /admin/asset/upload/up-1',
      'POST /account/refresh-token',
      'GET /admin/asset/upload/up-1',
    ]);
    const refresh = nomad.requests[1]!;
    expect(refresh.body).toEqual({ refreshToken: 'r1' });
    expect(refresh.headers.authorization).toBeUndefined();
    expect(api.session).toMatchObject({ token: 't2', refreshToken: 'r2', userName: 'demo' });
    nomad.assertDone();
  });

  it('a second 401 right after a refresh is auth-failed: no second refresh, no third try', async () => {
    nomad
      .on('GET', '/admin/asset/upload', problem(401), { token: 't1' })
      .on('POST', '/account/refresh-token', loginAnswer('t2', 'r2'))
      .on('GET', '/admin/asset/upload', problem(401, { detail: 'Not allowed' }), { token: 't2' });
    await expect(client({ session: signedIn('t1', 'r1') }).listUploads()).rejects.toMatchObject({
      code: 'auth-failed',
      context: { status: 401 },
    });
    expect(nomad.to('POST', '/account/refresh-token')).toHaveLength(1);
    expect(nomad.to('GET', '/admin/asset/upload')).toHaveLength(2);
  });

  it('five concurrent calls that all get 401 share ONE refresh and all succeed with the new token', async () => {
    nomad
      .on('GET', '/admin/asset/upload/up-1', problem(401), { token: 't1', times: 5 })
      // The refresh answer takes a while: every 401 arrives while it is still out.
      .on('POST', '/account/refresh-token', loginAnswer('t2', 'r2'), { delayMs: 50 })
      .on('GET', '/admin/asset/upload/up-1', { status: 200, body: [] }, { token: 't2', times: 5 });
    const sessions: Array<Session | null> = [];
    const api = client({ session: signedIn('t1', 'r1'), onSession: (s) => sessions.push(s) });

    const results = await Promise.all(Array.from({ length: 5 }, () => api.getUploadParts('up-1')));

    expect(results).toEqual([[], [], [], [], []]);
    expect(nomad.to('POST', '/account/refresh-token')).toHaveLength(1);
    const calls = nomad.to('GET', '/admin/asset/upload/up-1').map((r) => r.headers.authorization);
    expect(calls).toEqual([...Array(5).fill('Bearer t1'), ...Array(5).fill('Bearer t2')]);
    expect(sessions).toHaveLength(1);
    nomad.assertDone();
  });

  it('a call whose 401 arrives after another caller already refreshed uses the new token without refreshing again', async () => {
    nomad
      .on('GET', '/admin/asset/upload', problem(401), { token: 't1' })
      // This 401 is held back until after the first caller's refresh has finished.
      .on('GET', '/admin/asset/upload/up-1', problem(401), { token: 't1', delayMs: 80 })
      .on('POST', '/account/refresh-token', loginAnswer('t2', 'r2'))
      .on('GET', '/admin/asset/upload', { status: 200, body: [] }, { token: 't2' })
      .on('GET', '/admin/asset/upload/up-1', { status: 200, body: [] }, { token: 't2' });
    const api = client({ session: signedIn('t1', 'r1') });

    await Promise.all([api.listUploads(), api.getUploadParts('up-1')]);

    expect(nomad.to('POST', '/account/refresh-token')).toHaveLength(1);
    nomad.assertDone();
  });

  it('the server rotates the refresh token: the next refresh sends the newest one, and onSession sees every new session', async () => {
    nomad
      .on('GET', '/admin/asset/upload', problem(401), { token: 't1' })
      .on('POST', '/account/refresh-token', loginAnswer('t2', 'r2'))
      .on('GET', '/admin/asset/upload', { status: 200, body: [] }, { token: 't2' })
      .on('GET', '/admin/asset/upload', problem(401), { token: 't2' })
      .on('POST', '/account/refresh-token', loginAnswer('t3', 'r3'))
      .on('GET', '/admin/asset/upload', { status: 200, body: [] }, { token: 't3' });
    const sessions: Array<Session | null> = [];
    const api = client({ session: signedIn('t1', 'r1'), onSession: (s) => sessions.push(s) });

    await api.listUploads();
    await api.listUploads();

    expect(nomad.to('POST', '/account/refresh-token').map((r) => r.body)).toEqual([{ refreshToken: 'r1' }, { refreshToken: 'r2' }]);
    expect(sessions.map((s) => s && `${s.token}/${s.refreshToken}`)).toEqual(['t2/r2', 't3/r3']);
    expect(api.session).toMatchObject({ token: 't3', refreshToken: 'r3' });
    nomad.assertDone();
  });

  it('a refused refresh token (404) with saved credentials signs in again and the call goes through', async () => {
    nomad
      .on('GET', '/admin/asset/upload', problem(401), { token: 't1' })
      .on('POST', '/account/refresh-token', problem(404))
      .on('POST', '/account/login', loginAnswer('t9', 'r9'))
      .on('GET', '/admin/asset/upload', { status: 200, body: [] }, { token: 't9' });
    const api = client({ session: signedIn('t1', 'r1'), credentials: { userName: 'demo', password: 'pw' } });

    await expect(api.listUploads()).resolves.toEqual([]);

    expect(nomad.to('POST', '/account/login')[0]!.body).toEqual({ userName: 'demo', password: 'pw' });
    expect(api.session).toMatchObject({ token: 't9', refreshToken: 'r9' });
    nomad.assertDone();
  });

  it('a refused refresh token without credentials is auth-required, and the session is dropped', async () => {
    nomad.on('GET', '/admin/asset/upload', problem(401), { token: 't1' }).on('POST', '/account/refresh-token', problem(404));
    const sessions: Array<Session | null> = [];
    const api = client({ session: signedIn('t1', 'r1'), onSession: (s) => sessions.push(s) });

    await expect(api.listUploads()).rejects.toMatchObject({ code: 'auth-required' });

    expect(api.session).toBeNull();
    expect(api.signedIn).toBe(false);
    expect(sessions).toEqual([null]);
    nomad.assertDone();
  });

  it('a refresh lost to the network is passed on as network, and the session is kept for the next try', async () => {
    nomad
      .on('GET', '/admin/asset/upload', problem(401), { token: 't1' })
      .failWith('POST', '/account/refresh-token', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const api = client({ session: signedIn('t1', 'r1') });

    await expect(api.listUploads()).rejects.toMatchObject({ code: 'network' });

    expect(api.session).toMatchObject({ token: 't1', refreshToken: 'r1' });
  });

  it('a token that expires within 30 s is refreshed before the call instead of after a 401', async () => {
    nomad
      .on('POST', '/account/refresh-token', loginAnswer('t2', 'r2'))
      .on('GET', '/admin/asset/upload', { status: 200, body: [] }, { token: 't2' });
    const api = client({ session: signedIn('t1', 'r1', 10_000) });

    await api.listUploads();

    expect(nomad.requests.map((r) => r.route)).toEqual(['/account/refresh-token', '/admin/asset/upload']);
    nomad.assertDone();
  });

  it('a token with minutes left is used as it is', async () => {
    nomad.on('GET', '/admin/asset/upload', { status: 200, body: [] }, { token: 't1' });
    await client({ session: signedIn('t1', 'r1', 5 * 60_000) }).listUploads();
    expect(nomad.requests.map((r) => r.route)).toEqual(['/admin/asset/upload']);
  });

  it('concurrent calls with an expiring token share one refresh', async () => {
    nomad
      .on('POST', '/account/refresh-token', loginAnswer('t2', 'r2'), { delayMs: 30 })
      .on('GET', '/admin/asset/upload', { status: 200, body: [] }, { token: 't2', times: 3 });
    const api = client({ session: signedIn('t1', 'r1', 1000) });
    await Promise.all([api.listUploads(), api.listUploads(), api.listUploads()]);
    expect(nomad.to('POST', '/account/refresh-token')).toHaveLength(1);
  });
});

describe('what the server answers, as error codes', () => {
  it('409 on start is asset-exists, carrying the existing asset and upload ids', async () => {
    nomad.on(
      'POST',
      '/asset/upload/start',
      problem(409, { title: 'Conflict', detail: 'shoot/day 1/a.mov already exists.', assetId: 'asset-7', uploadId: 'up-7' }),
    );
    await expect(client({ session: signedIn() }).startUpload(startRequest)).rejects.toMatchObject({
      code: 'asset-exists',
      context: {
        request: 'POST /asset/upload/start',
        status: 409,
        detail: 'shoot/day 1/a.mov already exists.',
        conflict: { assetId: 'asset-7', uploadId: 'up-7' },
      },
    });
  });

  it('a 400 on start whose detail says the asset exists is the same conflict', async () => {
    nomad.on('POST', '/asset/upload/start', problem(400, { detail: 'An asset with this name already exists in the folder.' }));
    await expect(client({ session: signedIn() }).startUpload(startRequest)).rejects.toMatchObject({
      code: 'asset-exists',
      context: { status: 400, conflict: { assetId: null, uploadId: null } },
    });
  });

  it('any other 400 is bad-request, with the server words in the message', async () => {
    nomad.on('POST', '/asset/upload/start', problem(400, { detail: 'chunkSize must be at least 5 MiB.' }));
    const failure = client({ session: signedIn() }).startUpload(startRequest);
    await expect(failure).rejects.toMatchObject({
      code: 'bad-request',
      message: expect.stringContaining('chunkSize must be at least 5 MiB.'),
      context: { status: 400, detail: 'chunkSize must be at least 5 MiB.' },
    });
  });

  it('a 400 with only a title still says what the server said', async () => {
    nomad.on('POST', '/asset/upload/part/p-1/complete', problem(400, { title: 'ETag does not match the stored part' }));
    await expect(client({ session: signedIn() }).completePart('p-1', 'x')).rejects.toMatchObject({
      code: 'bad-request',
      message: expect.stringContaining('ETag does not match the stored part'),
    });
  });

  it('429 with Retry-After is rate-limited with retryAfterMs', async () => {
    nomad.on('POST', '/asset/upload/part/p-1/complete', problem(429, {}, { 'retry-after': '7' }));
    await expect(client({ session: signedIn() }).completePart('p-1', 'x')).rejects.toMatchObject({
      code: 'rate-limited',
      context: { status: 429, retryAfterMs: 7000 },
    });
  });

  it('503 with Retry-After is rate-limited with retryAfterMs', async () => {
    nomad.on('GET', '/admin/asset/upload', { status: 503, body: 'Service Unavailable', headers: { 'retry-after': '2' } });
    await expect(client({ session: signedIn() }).listUploads()).rejects.toMatchObject({
      code: 'rate-limited',
      context: { status: 503, retryAfterMs: 2000 },
    });
  });

  it('500 is server-error', async () => {
    nomad.on('POST', '/asset/upload/up-1/complete', problem(500, { detail: 'Database unavailable' }));
    await expect(client({ session: signedIn() }).completeUpload('up-1')).rejects.toMatchObject({
      code: 'server-error',
      message: expect.stringContaining('500'),
      context: { status: 500, request: 'POST /asset/upload/{id}/complete' },
    });
  });

  it('404 on a resume lookup is not-found', async () => {
    nomad.on('GET', '/admin/asset/upload/up-1', problem(404));
    await expect(client({ session: signedIn() }).getUploadParts('up-1')).rejects.toMatchObject({ code: 'not-found', context: { status: 404 } });
  });

  it('a 200 with an HTML page (a proxy, a captive portal) is invalid-response', async () => {
    nomad.on('POST', '/asset/upload/start', { status: 200, body: '<html><body>Please sign in to the Wi-Fi</body></html>' });
    await expect(client({ session: signedIn() }).startUpload(startRequest)).rejects.toMatchObject({
      code: 'invalid-response',
      message: expect.stringContaining('not JSON'),
      context: { status: 200 },
    });
  });

  it('a 200 of the wrong shape is invalid-response, naming the field', async () => {
    nomad.on('POST', '/asset/upload/start', {
      status: 200,
      body: { id: 'up-1', assetId: 'asset-1', parts: [{ id: 'p-1', url: 'u', partNumber: 'one', startingPosition: 0, endingPosition: 9 }] },
    });
    await expect(client({ session: signedIn() }).startUpload(startRequest)).rejects.toMatchObject({
      code: 'invalid-response',
      message: expect.stringContaining('parts.0.partNumber'),
    });
  });

  it('a connection reset is network', async () => {
    nomad.failWith('GET', '/admin/asset/upload', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    await expect(client({ session: signedIn() }).listUploads()).rejects.toMatchObject({
      code: 'network',
      context: { request: 'GET /admin/asset/upload' },
    });
  });

  it('an aborted call is aborted', async () => {
    nomad.on('GET', '/admin/asset/upload', { status: 200, body: [] }, { delayMs: 1000 });
    const controller = new AbortController();
    const call = client({ session: signedIn() }).listUploads(false, controller.signal);
    setTimeout(() => controller.abort(), 10);
    await expect(call).rejects.toMatchObject({ code: 'aborted' });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(parseRetryAfter('0')).toBe(0);
    const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:27:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(['3', '9'])).toBe(3000);
  });

  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('')).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('apiBaseUrl', () => {
  it('appends /api once', () => {
    expect(apiBaseUrl('https://nomad.example.com')).toBe('https://nomad.example.com/api');
    expect(apiBaseUrl('https://nomad.example.com/')).toBe('https://nomad.example.com/api');
    expect(apiBaseUrl('https://nomad.example.com/api')).toBe('https://nomad.example.com/api');
    expect(apiBaseUrl('https://nomad.example.com/api/')).toBe('https://nomad.example.com/api');
    expect(apiBaseUrl(' https://nomad.example.com/tenant// ')).toBe('https://nomad.example.com/tenant/api');
  });

  it('is what the client calls', () => {
    expect(new NomadApi({ serverUrl: `${SERVER}/api/` }).baseUrl).toBe(`${SERVER}/api`);
  });
});

describe('logging', () => {
  it('logs each request once, with route, status and duration; a failure with its error code', async () => {
    let clock = NOW;
    const events: ApiLogEvent[] = [];
    nomad
      .on('GET', '/admin/asset/upload', { status: 200, body: [] }, { delayMs: 5 })
      .on('GET', '/admin/asset/upload/up-1', problem(500))
      .on('POST', '/asset/upload/start', { status: 200, body: '<html>oops</html>' });
    const api = client({
      session: signedIn(),
      now: () => (clock += 7),
      log: (e) => events.push(e),
    });

    await api.listUploads();
    await expect(api.getUploadParts('up-1')).rejects.toMatchObject({ code: 'server-error' });
    await expect(api.startUpload(startRequest)).rejects.toMatchObject({ code: 'invalid-response' });

    expect(events).toEqual([
      { request: 'GET /admin/asset/upload', status: 200, ms: 7 },
      { request: 'GET /admin/asset/upload/{id}', status: 500, ms: 7, error: 'server-error' },
      { request: 'POST /asset/upload/start', status: 200, ms: 7, error: 'invalid-response' },
    ]);
  });
});

describe('logout', () => {
  it('tells the server with the bearer token (the spec requires it), then forgets the session', async () => {
    nomad.on('POST', '/account/logout', { status: 200 }, { token: 't1' });
    const sessions: Array<Session | null> = [];
    const api = client({ session: signedIn('t1'), onSession: (s) => sessions.push(s) });

    await api.logout();

    expect(nomad.to('POST', '/account/logout')).toHaveLength(1);
    expect(api.session).toBeNull();
    expect(sessions).toEqual([null]);
    nomad.assertDone();
  });

  it('forgets the session even when the server cannot be told', async () => {
    nomad.failWith('POST', '/account/logout', Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }));
    const api = client({ session: signedIn('t1') });
    await api.logout();
    expect(api.session).toBeNull();
  });
});

describe('secrets', () => {
  it('no error message, error context or log event ever contains the password, a token or a refresh token', async () => {
    const secrets = ['pw-S3cret!', 'tok-AAA', 'ref-AAA', 'tok-BBB', 'ref-BBB', 'tok-CCC', 'ref-CCC'];
    const events: ApiLogEvent[] = [];
    const failures: unknown[] = [];
    nomad
      .on('POST', '/account/login', problem(404, { detail: 'Invalid user name or password.' }))
      .on('POST', '/account/login', loginAnswer('tok-AAA', 'ref-AAA'))
      .on('GET', '/admin/asset/upload', problem(401), { token: 'tok-AAA' })
      .on('POST', '/account/refresh-token', loginAnswer('tok-BBB', 'ref-BBB'))
      .on('GET', '/admin/asset/upload', { status: 200, body: [] }, { token: 'tok-BBB' })
      .on('GET', '/admin/asset/upload', problem(500, { detail: 'boom' }), { token: 'tok-BBB' })
      .on('POST', '/asset/upload/start', problem(400, { detail: 'relativePath is required' }), { token: 'tok-BBB' })
      .on('POST', '/asset/upload/start', problem(409, { detail: 'exists', assetId: 'a', uploadId: 'u' }), { token: 'tok-BBB' })
      .on('GET', '/admin/asset/upload/up-1', problem(401), { token: 'tok-BBB' })
      .on('POST', '/account/refresh-token', problem(404))
      .on('POST', '/account/login', loginAnswer('tok-CCC', 'ref-CCC'))
      .on('GET', '/admin/asset/upload/up-1', problem(401), { token: 'tok-CCC' })
      .failWith('GET', '/admin/asset/upload', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const credentials = { userName: 'demo', password: 'pw-S3cret!' };
    const api = client({ credentials, log: (e) => events.push(e) });
    const attempt = async (call: () => Promise<unknown>) => {
      await call().catch((error: unknown) => failures.push(error));
    };

    await attempt(() => api.login(credentials));
    await attempt(() => api.login(credentials));
    await attempt(() => api.listUploads());
    await attempt(() => api.listUploads());
    await attempt(() => api.startUpload(startRequest));
    await attempt(() => api.startUpload(startRequest));
    await attempt(() => api.getUploadParts('up-1'));
    await attempt(() => api.listUploads());

    // The scenario really went through every kind of failure and every token.
    expect(failures.map((f) => (f as { code: string }).code)).toEqual([
      'auth-failed',
      'server-error',
      'bad-request',
      'asset-exists',
      'auth-failed',
      'network',
    ]);
    nomad.assertDone();
    const shown = [
      ...failures.map((f) => {
        const error = f as Error & { context: unknown };
        return `${error.message} ${JSON.stringify(error.context)} ${error.stack ?? ''}`;
      }),
      ...events.map((e) => JSON.stringify(e)),
    ].join('\n');
    for (const secret of secrets) expect(shown).not.toContain(secret);
  });
});
