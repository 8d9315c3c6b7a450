import type { ServerResponse } from 'node:http';

/** The S3 error codes the gateway answers with, and the status S3 uses for each. */
export const S3_ERRORS = {
  AccessDenied: 403,
  SignatureDoesNotMatch: 403,
  InvalidAccessKeyId: 403,
  AuthorizationQueryParametersError: 400,
  BadDigest: 400,
  InvalidDigest: 400,
  MissingContentLength: 411,
  NotImplemented: 501,
  NoSuchUpload: 404,
  InvalidArgument: 400,
  EntityTooLarge: 400,
  MethodNotAllowed: 405,
  InternalError: 500,
  ServiceUnavailable: 503,
  SlowDown: 503,
  TooManyRequests: 429,
} as const;

export type S3ErrorCode = keyof typeof S3_ERRORS;

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function s3ErrorXml(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error>`;
}

export function sendS3Error(
  res: ServerResponse,
  code: S3ErrorCode,
  message: string,
  headers: Record<string, string> = {},
  status: number = S3_ERRORS[code],
): void {
  const body = s3ErrorXml(code, message);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/xml',
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}
