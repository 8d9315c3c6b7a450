// What a person's browser does on the sandbox's single sign-on page, without a browser: open
// the page, press "Sign in as demo", and end on the callback address (the redirect's Location).

import { request } from 'undici';

const unescapeHtml = (text: string): string => text.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code))).replace(/&amp;/g, '&');

export async function signInOnSandboxPage(loginUrl: string): Promise<string> {
  const page = await request(loginUrl);
  const html = await page.body.text();
  if (page.statusCode !== 200) throw new Error(`the sign-in page answered ${page.statusCode}: ${html}`);
  const href = /id="sign-in" href="([^"]+)"/.exec(html)?.[1];
  if (href === undefined) throw new Error('the sign-in page has no "Sign in" link');
  const authorize = await request(new URL(unescapeHtml(href), loginUrl));
  await authorize.body.dump();
  const location = authorize.headers.location;
  if (authorize.statusCode !== 302 && authorize.statusCode !== 303) throw new Error(`authorize answered ${authorize.statusCode}`);
  return String(location);
}

/** The provider page's address as the CLI printed it. */
export function printedLoginUrl(stderr: string): string {
  const url = /https?:\/\/\S+\/auth\/\S+\/login\?\S+/.exec(stderr)?.[0];
  if (url === undefined) throw new Error(`no sign-in page address in: ${stderr}`);
  return url;
}
