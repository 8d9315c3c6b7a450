import type { IncomingMessage, ServerResponse } from 'node:http';
import type S3rver from 's3rver';
import { headerText } from './http-io';
import { sendS3Error } from './s3-error-xml';
import { verifyPresigned, type SigningIdentity } from './sigv4-verifier';

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Puts SigV4 verification in front of one s3rver instance, which accepts any V4 signature
 * (lib/middleware/authentication.js: "Signature version 4 calculation is unimplemented") and
 * any unsigned request. With direct URLs clients talk to s3rver itself, so it must refuse what
 * S3 refuses: a pre-signed request whose signature does not verify for the Host it was sent
 * to, or an expired one; and any request without credentials, as a private bucket does.
 * Header-signed requests (the sandbox's own SDK calls, S3 tools) pass as before.
 * Call before server.run(): s3rver installs `callback()` as its request listener there.
 */
export function installSignatureGuard(server: S3rver, identity: SigningIdentity): void {
  const koa = server as unknown as { callback(): RequestListener };
  const original = koa.callback.bind(server);
  koa.callback = () => {
    const handle = original();
    return (req, res) => {
      const target = req.url ?? '/';
      const queryAt = target.indexOf('?');
      const query = queryAt < 0 ? '' : target.slice(queryAt + 1);
      if (/(^|&)X-Amz-Algorithm=/.test(query)) {
        const check = verifyPresigned(
          { method: req.method ?? 'GET', path: queryAt < 0 ? target : target.slice(0, queryAt), query, header: (name) => headerText(req.headers[name]) },
          identity,
        );
        if (check.kind === 'refused') {
          req.resume();
          sendS3Error(res, check.code, check.message);
          return;
        }
      } else if (req.headers.authorization === undefined) {
        req.resume();
        sendS3Error(res, 'AccessDenied', 'Access Denied');
        return;
      }
      handle(req, res);
    };
  };
}

