// The site's pages: fetched over HTTP, parsed with Chromium's own HTML parser
// (DOMParser), followed link by link from the start page.

import { assertLoopback, FETCH_TIMEOUT_MS, MAX_PAGES } from './config.mjs';

/** GET or HEAD, loopback only, never following a redirect; headers such as Authorization. */
export async function request(url, method = 'GET', headers = {}) {
  assertLoopback(url);
  const res = await fetch(url, { method, headers, redirect: 'manual', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  const body = method === 'GET' ? await res.text() : '';
  return {
    status: res.status,
    contentType: res.headers.get('content-type') || '',
    location: res.headers.get('location'),
    body,
  };
}

/** Whether a response is a page to parse and check. */
export const isHtml = (contentType) => /^(text\/html|application\/xhtml\+xml)\b/i.test(contentType);

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

const NOT_CRAWLED = /\.(ics|xml|json|csv|txt|css|js|mjs|map|png|jpe?g|gif|webp|avif|svg|ico|pdf|woff2?|ttf|otf|zip|gz|webmanifest|mp4|webm|mp3|ogg|vtt)$/i;

export function pagePath(url) {
  const u = new URL(url);
  return u.pathname + u.search;
}

/**
 * Breadth-first crawl of same-origin <a href> links from start; with `within`, only
 * paths starting with it; `headers` go with every request (a sign-in).
 * Returns { pages: [{url, path, html, refs, ids, title}], notes: [string] }.
 */
export async function crawl(start, parser, { max = MAX_PAGES, headers = {}, within = '/' } = {}) {
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
    if (!u.pathname.startsWith(within)) return;
    if (seen.has(u.href)) return;
    seen.add(u.href);
    queue.push(u.href);
  };
  while (queue.length > 0 && pages.length < max) {
    const url = queue.shift();
    let res;
    try {
      res = await request(url, 'GET', headers);
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
