// Debian's Chromium (apt-get install -y chromium): Playwright's own browser download cannot
// work on these machines. The flags stop Chromium from reaching for the internet.

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
