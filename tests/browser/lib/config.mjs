// Where things are and how long to wait: the settings every other module shares,
// and the rule that only loopback addresses are ever contacted.

import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** tests/browser/ */
export const HERE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO = path.resolve(HERE, '..', '..');
export const OUTPUT = path.join(HERE, 'output');
export const SCREENSHOTS = path.join(OUTPUT, 'screenshots');
export const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const MAX_PAGES = 300;
export const FETCH_TIMEOUT_MS = 10_000;
export const NAV_TIMEOUT_MS = 30_000;

export const VIEWPORTS = {
  mobile: { width: 375, height: 812 },
  desktop: { width: 1280, height: 900 },
  narrow: { width: 320, height: 800 },
};

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function assertLoopback(url) {
  const u = new URL(url);
  if (!LOOPBACK.has(u.hostname)) {
    throw new Error(`refusing to test ${u.href}: only loopback targets (127.0.0.1, localhost, [::1]) are allowed`);
  }
  return u;
}
