// Chromium, driven by playwright-core: pages opened as a visitor would, with every
// failed request and console error recorded, and full-page screenshots.

import fs from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';

import { CHROMIUM, CHROMIUM_FLAGS, LOOPBACK, NAV_TIMEOUT_MS, SCREENSHOTS, VIEWPORTS } from './config.mjs';
import { pagePath } from './crawl.mjs';

export async function launchBrowser() {
  // Playwright gives every launch a fresh temporary --user-data-dir.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS.filter((f) => f !== '--headless'),
    timeout: 30_000,
  });
}

/**
 * Opens url in a new context. mobile (default: viewports narrower than 800 px)
 * turns on touch and meta-viewport emulation; httpCredentials sign in (HTTP Basic)
 * and extraHTTPHeaders go with every request. Records failed same-origin requests and console errors.
 */
export async function openPage(
  browser,
  url,
  { viewport = VIEWPORTS.desktop, colorScheme = 'light', mobile = viewport.width < 800, httpCredentials, extraHTTPHeaders } = {},
) {
  const context = await browser.newContext({
    httpCredentials,
    extraHTTPHeaders,
    viewport,
    deviceScaleFactor: 1,
    isMobile: mobile,
    hasTouch: mobile,
    colorScheme,
    reducedMotion: 'no-preference',
    serviceWorkers: 'block',
  });
  const problems = [];
  // Only loopback is ever contacted: other hosts are blocked, and reported.
  await context.route(
    (u) => !LOOPBACK.has(u.hostname) && /^(https?|wss?):$/.test(u.protocol),
    (route) => {
      problems.push(`request to another host blocked: ${route.request().url()}`);
      return route.abort('blockedbyclient');
    },
  );
  const page = await context.newPage();
  page.setDefaultTimeout(NAV_TIMEOUT_MS);
  page.on('response', (res) => {
    // The page's own status is the caller's to check (the 404 page answers 404).
    if (res.request().isNavigationRequest() && res.frame() === page.mainFrame()) return;
    if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.url()}`);
  });
  page.on('requestfailed', (req) => {
    const why = req.failure()?.errorText;
    if (!why?.startsWith('net::ERR_BLOCKED_BY_CLIENT')) problems.push(`request failed: ${req.url()} (${why})`);
  });
  page.on('console', (msg) => {
    // "Failed to load resource" repeats, without the URL, what 'response' records.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource:')) {
      problems.push(`console error: ${msg.text()}`);
    }
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  const response = await page.goto(url, { waitUntil: 'load', timeout: NAV_TIMEOUT_MS });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  return {
    page,
    response,
    problems,
    close: () => context.close(),
  };
}

/** Runs fn(page) on a freshly loaded page, closing its context afterwards. */
export async function withPage(browser, url, options, fn) {
  const opened = await openPage(browser, url, options);
  try {
    return await fn(opened.page, opened);
  } finally {
    await opened.close();
  }
}

// Screenshots

export function slug(url) {
  const p = pagePath(url).replace(/^\/+|\/+$/g, '');
  return p === '' ? 'index' : p.replace(/[^A-Za-z0-9._-]+/g, '_');
}

export async function screenshot(page, url, suffix) {
  await fs.mkdir(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${slug(url)}-${suffix}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled', timeout: NAV_TIMEOUT_MS });
  return file;
}
