// Environment for test runs (Vitest workers, Playwright workers and what they spawn) that
// silences one third-party notice at its source, and only that one.
//
// The AWS SDK (the sandbox's presigner and S3 client) warns once per process that releases
// after January 2027 need Node >= 22 ("NodeVersionSupportWarning"): every Vitest fork, every
// CLI the integration tests spawn and every Playwright worker printed it, dozens of times a
// run. AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED is the SDK's own switch for it
// (@aws-sdk/core emitWarningIfUnsupportedVersion); other warnings still print.
export const QUIET_TEST_ENV = {
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
} as const;
