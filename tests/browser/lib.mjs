// Helpers for the real-browser tests: start the site, crawl it, and run the
// checkers (axe-core, the Nu Html Checker, links, keyboard, target size,
// reflow, Lighthouse). The test files only wire these together.
//
// Every network target is on the loopback interface; other-origin URLs found
// on pages are inspected as strings and never fetched.

import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

export const HERE = path.dirname(fileURLToPath(import.meta.url));
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

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------
// The site under test

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function assertLoopback(url) {
  const u = new URL(url);
  if (!LOOPBACK.has(u.hostname)) {
    throw new Error(`refusing to test ${u.href}: only loopback targets (127.0.0.1, localhost, [::1]) are allowed`);
  }
  return u;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function portAnswers(port) {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    const done = (ok) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(1000, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

/**
 * Starts the site, or uses SITE_URL when it is set.
 * Returns { base, stop(), log() } where base is the origin with a trailing slash.
 */
export async function startSite({ timeoutMs = 20_000 } = {}) {
  if (process.env.SITE_URL) {
    const u = assertLoopback(process.env.SITE_URL);
    return { base: `${u.origin}/`, stop: async () => {}, log: () => '', external: true };
  }
  const bin = path.resolve(HERE, process.env.SITE_BIN || '../../target/release/sister-cities');
  const content = path.resolve(HERE, process.env.SITE_CONTENT || '../../content');
  const staticDir = path.resolve(HERE, process.env.SITE_STATIC || '../../static');
  try {
    await fs.access(bin, fs.constants.X_OK);
  } catch {
    throw new Error(
      `server binary ${bin} is missing or not executable: build it (cargo build --release), ` +
        'set SITE_BIN, or set SITE_URL to a running loopback server',
    );
  }
  const port = await freePort();
  const args = ['serve', '--addr', `127.0.0.1:${port}`, '--content', content, '--static', staticDir];
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: REPO });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const killHard = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const onSignal = (signal) => {
    killHard();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('exit', killHard);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let spawnError = null;
  child.once('error', (err) => {
    spawnError = err;
  });

  const stop = async () => {
    process.removeListener('exit', killHard);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const result = await Promise.race([exited.then(() => 'exited'), sleep(5000).then(() => 'timeout')]);
    if (result === 'timeout') {
      child.kill('SIGKILL');
      await exited;
    }
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (spawnError) throw new Error(`could not start ${bin}: ${spawnError.message}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `server exited (code ${child.exitCode}, signal ${child.signalCode}) before answering.\n` +
          `command: ${bin} ${args.join(' ')}\noutput:\n${output}`,
      );
    }
    if (await portAnswers(port)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server did not answer on 127.0.0.1:${port} within ${timeoutMs} ms.\noutput:\n${output}`);
    }
    await sleep(100);
  }
  return { base: `http://127.0.0.1:${port}/`, stop, log: () => output, external: false };
}

/**
 * A tiny static file server for fixtures, on a free loopback port.
 * headersFor(pathname) may add response headers.
 */
export async function serveDirectory(root, { headersFor = () => ({}) } = {}) {
  const types = {
    '.html': 'text/html; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
    '.json': 'application/json',
    '.webmanifest': 'application/manifest+json',
  };
  const server = http.createServer(async (req, res) => {
    try {
      const { pathname } = new URL(req.url, 'http://127.0.0.1');
      let file = path.join(root, decodeURIComponent(pathname));
      if (!file.startsWith(root)) throw new Error('outside root');
      if (pathname.endsWith('/')) file = path.join(file, 'index.html');
      const body = await fs.readFile(file);
      res.writeHead(200, {
        'content-type': types[path.extname(file)] || 'application/octet-stream',
        'content-length': body.length,
        ...headersFor(pathname),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : 'not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    base: `http://127.0.0.1:${port}/`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

// ---------------------------------------------------------------------------
// Browser

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
 * turns on touch and meta-viewport emulation. Records failed same-origin requests and console errors.
 */
export async function openPage(browser, url, { viewport = VIEWPORTS.desktop, colorScheme = 'light', mobile = viewport.width < 800 } = {}) {
  const context = await browser.newContext({
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

// ---------------------------------------------------------------------------
// HTTP

async function request(url, method = 'GET') {
  assertLoopback(url);
  const res = await fetch(url, { method, redirect: 'manual', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  const body = method === 'GET' ? await res.text() : '';
  return {
    status: res.status,
    contentType: res.headers.get('content-type') || '',
    location: res.headers.get('location'),
    body,
  };
}

const isHtml = (contentType) => /^(text\/html|application\/xhtml\+xml)\b/i.test(contentType);

// ---------------------------------------------------------------------------
// Parsing pages (in the browser's own HTML parser, via DOMParser)

function extractInBrowser([html, pageUrl]) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const baseEl = doc.querySelector('base[href]');
  let baseUrl = pageUrl;
  try {
    if (baseEl) baseUrl = new URL(baseEl.getAttribute('href'), pageUrl).href;
  } catch {}
  const resolve = (value) => {
    try {
      return new URL(value.trim(), baseUrl).href;
    } catch {
      return null;
    }
  };
  const refs = [];
  const add = (kind, el, attr, raw) => {
    refs.push({
      kind,
      tag: el.tagName.toLowerCase() + (el.tagName === 'LINK' ? ` rel="${el.getAttribute('rel') || ''}"` : ''),
      attr,
      raw,
      url: resolve(raw),
      text: (el.textContent || el.getAttribute('alt') || '').replace(/\s+/g, ' ').trim().slice(0, 60),
    });
  };
  const srcset = (value) =>
    value
      .split(/,\s+/)
      .map((c) => c.trim().split(/\s+/)[0])
      .filter(Boolean);
  for (const el of doc.querySelectorAll('a[href], area[href]')) add('link', el, 'href', el.getAttribute('href'));
  for (const el of doc.querySelectorAll('link[href]')) {
    const rel = (el.getAttribute('rel') || '').toLowerCase().split(/\s+/);
    let kind = 'link-rel';
    if (rel.includes('stylesheet')) kind = 'stylesheet';
    else if (rel.includes('manifest')) kind = 'manifest';
    else if (rel.some((r) => r === 'icon' || r === 'apple-touch-icon' || r === 'mask-icon')) kind = 'icon';
    else if (rel.some((r) => ['preconnect', 'dns-prefetch'].includes(r))) continue;
    add(kind, el, 'href', el.getAttribute('href'));
  }
  for (const el of doc.querySelectorAll('img[src], input[type=image][src]')) add('image', el, 'src', el.getAttribute('src'));
  for (const el of doc.querySelectorAll('img[srcset], source[srcset]')) {
    for (const c of srcset(el.getAttribute('srcset'))) add('image', el, 'srcset', c);
  }
  for (const el of doc.querySelectorAll('video[poster]')) add('image', el, 'poster', el.getAttribute('poster'));
  for (const el of doc.querySelectorAll('source[src], video[src], audio[src], track[src], iframe[src], embed[src]')) {
    add('media', el, 'src', el.getAttribute('src'));
  }
  for (const el of doc.querySelectorAll('object[data]')) add('media', el, 'data', el.getAttribute('data'));
  for (const el of doc.querySelectorAll('script[src]')) add('script', el, 'src', el.getAttribute('src'));
  const ids = [...doc.querySelectorAll('[id]')].map((el) => el.id);
  const names = [...doc.querySelectorAll('a[name]')].map((el) => el.getAttribute('name'));
  return { refs, ids: [...ids, ...names], title: doc.title };
}

/** Parses HTML with Chromium's parser. Keeps one blank page open. */
export async function createParser(browser) {
  const context = await browser.newContext({ javaScriptEnabled: true });
  const page = await context.newPage();
  return {
    parse: (html, url) => page.evaluate(extractInBrowser, [html, url]),
    close: () => context.close(),
  };
}

// ---------------------------------------------------------------------------
// Crawl

const NOT_CRAWLED = /\.(ics|xml|json|csv|txt|css|js|mjs|map|png|jpe?g|gif|webp|avif|svg|ico|pdf|woff2?|ttf|otf|zip|gz|webmanifest|mp4|webm|mp3|ogg|vtt)$/i;

export function pagePath(url) {
  const u = new URL(url);
  return u.pathname + u.search;
}

/**
 * Breadth-first crawl of same-origin <a href> links from start.
 * Returns { pages: [{url, path, html, refs, ids, title}], notes: [string] }.
 */
export async function crawl(start, parser, { max = MAX_PAGES } = {}) {
  const startUrl = new URL(start);
  startUrl.hash = '';
  const origin = startUrl.origin;
  const queue = [startUrl.href];
  const seen = new Set(queue);
  const pages = [];
  const notes = [];
  const enqueue = (href) => {
    const u = new URL(href);
    if (u.origin !== origin) return;
    u.hash = '';
    if (NOT_CRAWLED.test(u.pathname)) return;
    if (seen.has(u.href)) return;
    seen.add(u.href);
    queue.push(u.href);
  };
  while (queue.length > 0 && pages.length < max) {
    const url = queue.shift();
    let res;
    try {
      res = await request(url);
    } catch (err) {
      notes.push(`${pagePath(url)}: ${err.message}`);
      continue;
    }
    if (res.status >= 300 && res.status < 400 && res.location) {
      notes.push(`${pagePath(url)}: HTTP ${res.status} redirect to ${res.location}`);
      enqueue(new URL(res.location, url).href);
      continue;
    }
    if (res.status !== 200) {
      notes.push(`${pagePath(url)}: HTTP ${res.status}`);
      continue;
    }
    if (!isHtml(res.contentType)) continue;
    const parsed = await parser.parse(res.body, url);
    pages.push({ url, path: pagePath(url), html: res.body, contentType: res.contentType, ...parsed });
    for (const ref of parsed.refs) {
      if (ref.kind === 'link' && ref.url) enqueue(ref.url);
    }
  }
  if (queue.length > 0) notes.push(`crawl stopped at ${max} pages; ${queue.length} more were queued`);
  return { pages, notes };
}

/**
 * The page an unknown URL gets. Returns { page } (with expectedStatus 404) or
 * { problem } when the server does not answer 404 with HTML.
 */
export async function fetchNotFoundPage(base, parser, pathname = '/this-page-does-not-exist') {
  const url = new URL(pathname, base).href;
  const res = await request(url);
  if (res.status !== 404) return { problem: `${pathname} answers HTTP ${res.status}, not 404` };
  if (!isHtml(res.contentType)) return { problem: `${pathname} answers 404 with ${res.contentType || 'no content type'}, not an HTML page` };
  const parsed = await parser.parse(res.body, url);
  return {
    page: { url, path: pathname, name: `${pathname} (404 page)`, expectedStatus: 404, html: res.body, contentType: res.contentType, ...parsed },
  };
}

// ---------------------------------------------------------------------------
// Links, images, stylesheets, icons, manifests and fragments

const ALLOWED_LINK_SCHEMES = new Set(['mailto:', 'tel:']);

/**
 * Checks every reference on every page. Same-origin targets must answer 200;
 * fragments must name an id on the target page; other origins must be https
 * and are not fetched. Returns Map(page url -> [problem strings]).
 */
export async function checkReferences(pages, parser) {
  const byUrl = new Map(pages.map((p) => [p.url, p]));
  const statusCache = new Map();
  const idsCache = new Map();

  const status = (url) => {
    if (!statusCache.has(url)) {
      statusCache.set(
        url,
        (async () => {
          if (byUrl.has(url)) return { status: 200 };
          let res = await request(url, 'HEAD');
          if (res.status === 405 || res.status === 501) res = await request(url, 'GET');
          return res;
        })().catch((err) => ({ status: 0, error: err.message })),
      );
    }
    return statusCache.get(url);
  };
  const idsOf = (url) => {
    if (!idsCache.has(url)) {
      idsCache.set(
        url,
        (async () => {
          if (byUrl.has(url)) return byUrl.get(url).ids;
          const res = await request(url, 'GET');
          if (res.status !== 200 || !isHtml(res.contentType)) return null;
          return (await parser.parse(res.body, url)).ids;
        })().catch(() => null),
      );
    }
    return idsCache.get(url);
  };

  const results = new Map();
  for (const page of pages) {
    const origin = new URL(page.url).origin;
    const problems = [];
    const seenHere = new Set();
    const check = async (ref) => {
      const label = `<${ref.tag} ${ref.attr}="${ref.raw}">${ref.text ? ` (${ref.text})` : ''}`;
      if (ref.raw.trim() === '' && ref.kind !== 'link') return problems.push(`${label}: empty URL`);
      if (!ref.url) return problems.push(`${label}: not a valid URL`);
      const u = new URL(ref.url);
      if (u.protocol === 'data:' && (ref.kind === 'image' || ref.kind === 'icon')) return;
      if (ALLOWED_LINK_SCHEMES.has(u.protocol) && ref.kind === 'link') {
        if (u.pathname.trim() === '') problems.push(`${label}: empty ${u.protocol} address`);
        return;
      }
      if (u.origin !== origin) {
        if (u.protocol !== 'https:') problems.push(`${label}: external URL is not https`);
        return;
      }
      const target = new URL(u);
      target.hash = '';
      const res = await status(target.href);
      if (res.status !== 200) {
        const where = res.location ? ` (redirects to ${res.location})` : '';
        const why = res.error ? ` (${res.error})` : '';
        return problems.push(`${label}: ${target.pathname}${target.search} answers HTTP ${res.status}${where}${why}`);
      }
      if (u.hash && u.hash !== '#') {
        const raw = u.hash.slice(1);
        let id = raw;
        try {
          id = decodeURIComponent(raw);
        } catch {}
        const ids = await idsOf(target.href);
        if (ids === null) return problems.push(`${label}: fragment #${id} points into a page that is not HTML`);
        if (!ids.includes(id) && !ids.includes(raw) && id.toLowerCase() !== 'top') {
          problems.push(`${label}: no element with id="${id}" on ${target.pathname}`);
        }
      }
      if (ref.kind === 'manifest') {
        const manifest = await request(target.href, 'GET');
        let json;
        try {
          json = JSON.parse(manifest.body);
        } catch (err) {
          return problems.push(`${label}: manifest is not JSON (${err.message})`);
        }
        const inner = [];
        if (json.start_url) inner.push(json.start_url);
        for (const icon of json.icons || []) if (icon.src) inner.push(icon.src);
        for (const src of inner) {
          const iu = new URL(src, target.href);
          if (iu.origin !== origin) {
            if (iu.protocol !== 'https:') problems.push(`${label}: manifest URL ${src} is not https`);
            continue;
          }
          iu.hash = '';
          const r = await status(iu.href);
          if (r.status !== 200) problems.push(`${label}: manifest URL ${src} answers HTTP ${r.status}`);
        }
      }
    };
    for (const ref of page.refs) {
      const key = `${ref.kind} ${ref.tag} ${ref.raw}`;
      if (seenHere.has(key)) continue;
      seenHere.add(key);
      await check(ref);
    }
    results.set(page.url, problems);
  }
  return results;
}

// ---------------------------------------------------------------------------
// axe-core

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const AXE_SOURCE = require('axe-core').source;
export const AXE_VERSION = require('axe-core/package.json').version;

/** Runs axe-core in the page. Returns { violations, incomplete, passes }. */
export async function runAxe(page, tags = AXE_TAGS) {
  // Evaluated through the DevTools protocol, so a strict Content-Security-Policy
  // on the page does not block it.
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(AXE_SOURCE);
  }
  return page.evaluate(async (runOnly) => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: runOnly },
      resultTypes: ['violations', 'incomplete'],
    });
    const slim = (v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target.join(' '),
        summary: n.failureSummary || '',
        html: n.html.slice(0, 160),
      })),
    });
    return {
      violations: r.violations.map(slim),
      incomplete: r.incomplete.map(slim),
      passes: r.passes.map((v) => v.id),
    };
  }, tags);
}

export function formatAxe(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => {
          // The first line of a failureSummary is "Fix any/all of the following:".
          const why = n.summary.split('\n').map((l) => l.trim()).filter((l) => l && !/^Fix (any|all)/.test(l));
          return `      - ${n.target}  ${n.html.replace(/\s+/g, ' ')}\n        ${why[0] || ''}${why.length > 1 ? ` (+${why.length - 1} more)` : ''}`;
        })
        .join('\n');
      return `  ${v.id} (${v.impact}): ${v.help}\n    ${v.helpUrl}\n${nodes}`;
    })
    .join('\n');
}

// ---------------------------------------------------------------------------
// Nu Html Checker

export const VNU_JAR = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');
export const VNU_VERSION = require('vnu-jar/package.json').version;
const JAVA = process.env.JAVA_BIN || 'java';

// A document with a known error, checked with every batch: a run that does not
// report it has not really checked anything.
const VNU_CANARY = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>canary</title></head><body><ul><div>canary</div></ul></body></html>';

/**
 * Checks [{url, html}] with one run of vnu.jar.
 * Returns Map(url -> { errors: [msg], warnings: [msg] }).
 */
export async function runVnu(docs, { timeoutMs = 180_000 } = {}) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vnu-'));
  try {
    const files = new Map();
    const canary = path.join(dir, 'canary.html');
    await fs.writeFile(canary, VNU_CANARY);
    for (const [i, doc] of docs.entries()) {
      const file = path.join(dir, `page-${String(i).padStart(3, '0')}.html`);
      await fs.writeFile(file, doc.html);
      files.set(pathToFileURL(file).href, doc.url);
    }
    const args = ['-jar', VNU_JAR, '--format', 'json', '--stdout', '--exit-zero-always', canary, ...[...files.keys()].map((f) => fileURLToPath(f))];
    const { code, stdout, stderr } = await run(JAVA, args, timeoutMs);
    if (code !== 0) throw new Error(`vnu exited with ${code}\n${stderr}\n${stdout.slice(0, 2000)}`);
    let report;
    try {
      report = JSON.parse(stdout);
    } catch (err) {
      throw new Error(`vnu printed no JSON report (${err.message}):\n${stdout.slice(0, 2000)}\n${stderr}`);
    }
    const results = new Map(docs.map((d) => [d.url, { errors: [], warnings: [] }]));
    let canaryErrors = 0;
    for (const m of report.messages) {
      const fileUrl = m.url ? new URL(m.url).href.replace(/^file:\/(?!\/)/, 'file:///') : '';
      const text = `line ${m.lastLine ?? '?'}${m.firstColumn ? `:${m.firstColumn}` : ''}: ${m.message}${m.extract ? `\n        ${JSON.stringify(m.extract)}` : ''}`;
      if (fileUrl === pathToFileURL(canary).href) {
        if (m.type === 'error') canaryErrors += 1;
        continue;
      }
      const pageUrl = files.get(fileUrl);
      if (!pageUrl) throw new Error(`vnu message for an unknown document: ${JSON.stringify(m)}`);
      const bucket = results.get(pageUrl);
      if (m.type === 'error' || m.type === 'non-document-error') bucket.errors.push(text);
      else if (m.subType === 'warning') bucket.warnings.push(text);
    }
    if (canaryErrors === 0) throw new Error('vnu did not report the known error in its canary document: it is not checking');
    return results;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

function run(cmd, args, timeoutMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`could not run ${cmd}: ${err.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (signal) reject(new Error(`${cmd} was killed (${signal}) after ${timeoutMs} ms`));
      else resolve({ code, stdout, stderr });
    });
  });
}

// ---------------------------------------------------------------------------
// Keyboard

/** First Tab must reach "Skip to content" (#main-content); Enter must move focus there. */
export async function checkSkipLink(page) {
  const problems = [];
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const r = el.getBoundingClientRect();
    return {
      tag: el.tagName.toLowerCase(),
      text: (el.textContent || '').replace(/\s+/g, ' ').trim(),
      href: el.getAttribute('href'),
      visible: r.width >= 1 && r.height >= 1 && r.bottom > 0 && r.right > 0 && r.left < innerWidth && r.top < innerHeight,
    };
  });
  if (!first) return ['the first Tab press focused nothing'];
  if (first.tag !== 'a' || first.text.toLowerCase() !== 'skip to content' || first.href !== '#main-content') {
    return [`the first Tab press focused <${first.tag} href="${first.href}">${first.text}</${first.tag}>, not <a href="#main-content">Skip to content</a>`];
  }
  if (!first.visible) problems.push('the skip link is not visible in the viewport when focused');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.hash === '#main-content', null, { timeout: 2000 }).catch(() => {});
  const after = await page.evaluate(() => {
    const main = document.getElementById('main-content');
    const active = document.activeElement;
    return {
      exists: Boolean(main),
      tag: main?.tagName.toLowerCase(),
      tabindex: main?.getAttribute('tabindex'),
      inside: Boolean(main && active && (active === main || main.contains(active))),
      hash: location.hash,
      active: active ? active.tagName.toLowerCase() + (active.id ? `#${active.id}` : '') : 'none',
    };
  });
  if (!after.exists) problems.push('there is no element with id="main-content"');
  else if (!(after.inside || (after.hash === '#main-content' && after.tabindex === '-1'))) {
    problems.push(`after Enter on the skip link, focus is on ${after.active} (hash ${after.hash || 'empty'}), not in #main-content; give <${after.tag} id="main-content"> tabindex="-1"`);
  }
  return problems;
}

/**
 * Tabs through the whole page. Every element that takes keyboard focus must be
 * visible and show a focus indicator: a change in outline (>= 2px, not
 * transparent), box-shadow, background or border against its unfocused style.
 * Returns { problems, count }.
 */
export async function checkFocusVisible(page, { maxSteps = 600 } = {}) {
  await page.evaluate(() => {
    const PROPS = [
      'outlineStyle', 'outlineWidth', 'outlineColor', 'outlineOffset', 'boxShadow', 'backgroundColor',
      'backgroundImage', 'borderTopStyle', 'borderRightStyle', 'borderBottomStyle', 'borderLeftStyle',
      'borderTopWidth', 'borderRightWidth', 'borderBottomWidth', 'borderLeftWidth', 'borderTopColor',
      'borderRightColor', 'borderBottomColor', 'borderLeftColor',
    ];
    const snap = (el) => {
      const out = {};
      for (const pseudo of ['', '::before', '::after']) {
        const cs = getComputedStyle(el, pseudo || null);
        if (pseudo && (cs.content === 'none' || cs.content === 'normal')) continue;
        for (const p of PROPS) out[pseudo + p] = cs[p];
      }
      return out;
    };
    const before = new Map();
    for (const el of document.querySelectorAll('body *')) before.set(el, snap(el));
    const describe = (el) => {
      let s = el.tagName.toLowerCase();
      if (el.id) s += `#${el.id}`;
      else if (el.classList.length) s += `.${[...el.classList].join('.')}`;
      const text = (el.textContent || el.getAttribute('aria-label') || '').replace(/\s+/g, ' ').trim().slice(0, 40);
      const href = el.getAttribute('href');
      return `${s}${href ? `[href="${href}"]` : ''}${text ? ` "${text}"` : ''}`;
    };
    const transparent = (c) => c === 'transparent' || /rgba\([^)]*,\s*0\)$/.test(c) || /\/\s*0\)$/.test(c);
    window.__focusCheck = { before, snap, describe, transparent, seen: new Set() };
  });
  const problems = [];
  let count = 0;
  for (let step = 0; step < maxSteps; step++) {
    await page.keyboard.press('Tab');
    const r = await page.evaluate(() => {
      const { before, snap, describe, transparent, seen } = window.__focusCheck;
      const el = document.activeElement;
      if (!el || el === document.body || el === document.documentElement) return { done: true };
      if (seen.has(el)) return { done: true };
      seen.add(el);
      for (const a of el.getAnimations()) a.finish();
      const now = snap(el);
      const was = before.get(el) || {};
      const changed = (keys) => keys.filter((k) => now[k] !== was[k]);
      const reasons = [];
      for (const pseudo of ['', '::before', '::after']) {
        if (!(`${pseudo}outlineStyle` in now)) continue;
        const outline = changed(['outlineStyle', 'outlineWidth', 'outlineColor', 'outlineOffset'].map((k) => pseudo + k));
        if (
          outline.length &&
          now[`${pseudo}outlineStyle`] !== 'none' &&
          parseFloat(now[`${pseudo}outlineWidth`]) >= 2 &&
          !transparent(now[`${pseudo}outlineColor`])
        ) reasons.push(`${pseudo}outline`);
        if (now[`${pseudo}boxShadow`] !== 'none' && changed([`${pseudo}boxShadow`]).length) reasons.push(`${pseudo}box-shadow`);
        if (changed([`${pseudo}backgroundColor`, `${pseudo}backgroundImage`]).length) reasons.push(`${pseudo}background`);
        if (changed(Object.keys(now).filter((k) => k.startsWith(`${pseudo}border`))).length) reasons.push(`${pseudo}border`);
      }
      const rect = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      return {
        done: false,
        what: describe(el),
        reasons,
        outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`,
        visible: rect.width >= 1 && rect.height >= 1 && cs.visibility !== 'hidden' && cs.opacity !== '0',
      };
    });
    if (r.done) break;
    count += 1;
    if (!r.visible) problems.push(`${r.what}: takes keyboard focus but is not visible when focused`);
    else if (r.reasons.length === 0) {
      problems.push(`${r.what}: no visible focus indicator (focused outline: ${r.outline}; no change in box-shadow, background or border)`);
    }
  }
  return { problems, count };
}

// ---------------------------------------------------------------------------
// Target size (WCAG 2.5.8) and reflow (WCAG 1.4.10)

/** Links and buttons smaller than min x min CSS px, unless inline in a sentence. */
export async function checkTargetSize(page, { min = 24 } = {}) {
  return page.evaluate((min) => {
    const SENTENCE_BLOCKS = new Set(['P', 'LI', 'DD', 'DT', 'TD', 'TH', 'FIGCAPTION', 'BLOCKQUOTE', 'ADDRESS', 'CAPTION']);
    const describe = (el) => {
      let s = el.tagName.toLowerCase();
      if (el.id) s += `#${el.id}`;
      else if (el.classList.length) s += `.${[...el.classList].join('.')}`;
      const text = (el.textContent || el.getAttribute('aria-label') || '').replace(/\s+/g, ' ').trim().slice(0, 40);
      const href = el.getAttribute('href');
      return `${s}${href ? `[href="${href}"]` : ''}${text ? ` "${text}"` : ''}`;
    };
    const inlineInSentence = (el) => {
      if (getComputedStyle(el).display !== 'inline') return false;
      let block = el.parentElement;
      while (block && getComputedStyle(block).display === 'inline') block = block.parentElement;
      if (!block || !SENTENCE_BLOCKS.has(block.tagName)) return false;
      const own = (el.textContent || '').replace(/\s+/g, ' ').trim();
      const all = (block.textContent || '').replace(/\s+/g, ' ').trim();
      return /[\p{L}\p{N}]/u.test(all.replace(own, ''));
    };
    const size = (el) => {
      const rects = [...el.getClientRects()].filter((r) => r.width > 0 || r.height > 0);
      if (rects.length === 0) return null;
      if (rects.length === 1) return { w: rects[0].width, h: rects[0].height };
      return { w: Math.max(...rects.map((r) => r.width)), h: Math.max(...rects.map((r) => r.height)) };
    };
    const offenders = [];
    const targets = document.querySelectorAll(
      'a[href], button, input[type=button], input[type=submit], input[type=reset], input[type=image], summary, [role=button], [role=link]',
    );
    for (const el of targets) {
      const cs = getComputedStyle(el);
      if (cs.display === 'none' || cs.visibility === 'hidden' || el.closest('[inert], [hidden]')) continue;
      let s = size(el);
      if (!s) continue;
      if (s.w <= 1 || s.h <= 1) {
        // Visually hidden until focused (a skip link): measure it focused.
        el.focus({ preventScroll: true });
        s = size(el);
        el.blur();
        if (!s || s.w <= 1 || s.h <= 1) continue;
      }
      if (s.w + 0.01 >= min && s.h + 0.01 >= min) continue;
      if (inlineInSentence(el)) continue;
      offenders.push(`${describe(el)}: ${s.w.toFixed(1)}×${s.h.toFixed(1)} px`);
    }
    return offenders;
  }, min);
}

/** document.documentElement.scrollWidth must not exceed the viewport width. */
export async function checkReflow(page, width) {
  return page.evaluate((width) => {
    const scrollWidth = document.documentElement.scrollWidth;
    if (scrollWidth <= width) return { scrollWidth, width, offenders: [] };
    const offenders = [];
    const listed = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.right <= width + 0.5 || r.width === 0) continue;
      if (listed.some((p) => p.contains(el))) continue;
      listed.push(el);
      let s = el.tagName.toLowerCase();
      if (el.id) s += `#${el.id}`;
      else if (el.classList.length) s += `.${[...el.classList].join('.')}`;
      offenders.push(`${s} reaches x=${Math.round(r.right)} px (width ${Math.round(r.width)} px)`);
      if (offenders.length >= 10) break;
    }
    return { scrollWidth, width, offenders };
  }, width);
}

// ---------------------------------------------------------------------------
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

// ---------------------------------------------------------------------------
// Lighthouse

export const LIGHTHOUSE_VERSION = require('lighthouse/package.json').version;

// Lighthouse's trace-recording failures ("Something went wrong with
// recording the trace over your page load. Please run Lighthouse again.") are
// about the trace, not the page: Chromium sometimes drops the navigation-start
// event on a busy machine. Those codes, and only those, earn another run.
const LIGHTHOUSE_RETRY_CODES = new Set(['NO_TRACING_STARTED', 'NO_RESOURCE_REQUEST', 'NO_NAVSTART', 'NO_DCL', 'NO_FMP']);

// Runs `once` until its result has no retryable runtime error, at most
// `attempts` times. Returns the last result with `retried`: the codes of the
// runs that were thrown away, so the test can report them.
export async function withLighthouseRetries(once, { attempts = 3 } = {}) {
  const retried = [];
  for (;;) {
    const result = await once();
    const code = result.runtimeError?.code;
    if (!LIGHTHOUSE_RETRY_CODES.has(code) || retried.length + 1 >= attempts) {
      return { ...result, retried };
    }
    retried.push(code);
  }
}

/**
 * Runs Lighthouse (mobile preset, default simulated throttling) on url in its
 * own Chromium, again after a trace-recording failure (see above). Writes the
 * JSON report to outFile. Returns the category scores, per category the audits
 * that lost points, and the codes of the runs thrown away.
 */
export async function runLighthouse(url, outFile, options = {}) {
  return withLighthouseRetries(() => runLighthouseOnce(url, outFile, options));
}

async function runLighthouseOnce(url, outFile, { categories = ['performance', 'accessibility', 'best-practices', 'seo'] } = {}) {
  assertLoopback(url);
  const chromeLauncher = await import('chrome-launcher');
  const { default: lighthouse } = await import('lighthouse');
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: CHROMIUM_FLAGS,
    logLevel: 'silent',
    connectionPollInterval: 200,
    maxConnectionRetries: 100,
  });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: categories,
    });
    if (!result) throw new Error('Lighthouse returned no result');
    await fs.mkdir(path.dirname(outFile), { recursive: true });
    await fs.writeFile(outFile, result.report);
    const lhr = result.lhr;
    const scores = {};
    const lost = {};
    for (const id of categories) {
      const cat = lhr.categories[id];
      scores[id] = cat ? cat.score : null;
      lost[id] = (cat ? cat.auditRefs : [])
        .filter((ref) => ref.weight > 0)
        .map((ref) => lhr.audits[ref.id])
        .filter((a) => a && a.score !== null && a.score < 1)
        .map((a) => {
          const items = (a.details?.items || []).slice(0, 5).map((item) => {
            const where = item.sourceLocation?.url || item.url || item.node?.selector || '';
            const what = item.description || item.node?.snippet || '';
            return `\n      - ${[what, where].filter(Boolean).join(' at ')}`;
          });
          return `${a.id} (${a.score}): ${a.title}${a.displayValue ? ` — ${a.displayValue}` : ''}${items.join('')}`;
        });
    }
    return { scores, lost, runtimeError: lhr.runtimeError || null, warnings: lhr.runWarnings || [] };
  } finally {
    await chrome.kill();
  }
}
