/**
 * ETags compare without quotes and case-insensitively: S3 quotes them in headers and XML,
 * clients often strip the quotes, and hex case is not significant (S3 itself removes quotes
 * when it compares ETags in CompleteMultipartUpload).
 */
export function normalizeEtag(etag: string): string {
  return etag.trim().replace(/^W\//, '').replace(/"/g, '').toLowerCase();
}

export function quoteEtag(etag: string): string {
  return `"${normalizeEtag(etag)}"`;
}
