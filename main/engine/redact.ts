// Pre-signed URLs are bearer credentials until they expire: anything that logs or shows a
// URL goes through here first.

// Pre-signed URL signatures, and the tokens an SSO callback carries (auth-sso.ts).
const SECRET_QUERY_KEYS = /^(x-amz-(signature|credential|security-token)|azurePortal_token|azurePortal_refresh_token|token|refreshToken)$/i;

/** The URL with signature, credential and session-token parameters replaced by `REDACTED`. */
export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '[unparseable URL]';
  }
  for (const key of [...url.searchParams.keys()]) {
    if (SECRET_QUERY_KEYS.test(key)) url.searchParams.set(key, 'REDACTED');
  }
  return url.toString();
}

/** Any text (an error message from a library, say) with secrets in URLs and headers masked. */
export function redactText(text: string): string {
  return text
    .replace(/(X-Amz-(?:Signature|Credential|Security-Token)=)[^&\s"']+/gi, '$1REDACTED')
    .replace(/((?:azurePortal_token|azurePortal_refresh_token|refreshToken)=)[^&\s"']+/gi, '$1REDACTED')
    // Auth schemes are case-insensitive (RFC 9110 §11.1): `bearer x` is as secret as `Bearer x`.
    .replace(/((?:Bearer|ApiKey)\s+)[A-Za-z0-9._~+/=-]+/gi, '$1REDACTED');
}
