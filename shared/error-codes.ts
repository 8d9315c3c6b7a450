// The engine's error codes: what the retry policy, the CLI and the renderer switch on. In shared/
// (imports nothing) so the contract and the renderer take the union without the engine's Node code;
// main/engine/errors.ts re-exports it beside UploadError.

export type UploadErrorCode =
  // account
  | 'auth-failed' // wrong user or password, or the refresh token was refused
  | 'auth-required' // no session at all
  | 'account-refused' // the account exists but may not sign in now: disabled, expired, pending (403 / loginStatus)
  | 'sign-in-incomplete' // the server wants a step nobody can give here: a two-factor code, a new password
  // network and server
  | 'network' // connection refused/reset, DNS, socket closed mid-body
  | 'timeout' // no bytes moved for the stall window
  | 'server-error' // 5xx from the API
  | 'rate-limited' // 429 / 503 with Retry-After
  | 'bad-request' // other 4xx: the server refused what we sent
  | 'not-found'
  | 'invalid-response' // the server answered something that is not the protocol
  | 'asset-exists' // start with Cancel refused: the asset is already there
  // destinations and related assets
  | 'folder-missing' // a folder named in a path (--to) does not exist, and creating it was not asked for
  | 'name-ambiguous' // two folders or languages answer to the name given: the id has to say which
  | 'language-unknown' // no language of the server has that name, code or id
  | 'parent-failed' // a sidecar's parent upload failed or was cancelled: nothing to attach it to
  // storage
  | 'url-expired' // 403 from storage on a pre-signed URL
  | 'urls-not-renewed' // upload links expired and neither the listing nor a Continue start gave new ones
  | 'storage-error' // 5xx from storage
  | 'storage-refused' // other 4xx from storage
  | 'storage-unresponsive' // storage times out or drops us while the API answers: not our network
  | 'etag-mismatch' // storage's ETag is not the MD5 we computed
  | 'etag-unverifiable' // storage's ETag is not an MD5 at all (e.g. SSE-KMS)
  // local
  | 'file-missing'
  | 'file-changed'
  | 'file-unreadable'
  | 'not-a-file'
  | 'disk-full'
  | 'journal-error'
  // control flow
  | 'aborted'
  | 'plan-mismatch' // the server's part plan does not cover the file
  | 'internal'; // a bug: never retried, always reported
