// Checker: links, images, stylesheets, icons, manifests and fragments. Every
// same-origin target answers 200 without a redirect, every fragment names an id,
// other origins are https and never fetched.

import { isHtml, request } from './crawl.mjs';

const ALLOWED_LINK_SCHEMES = new Set(['mailto:', 'tel:']);

/**
 * Checks every reference on every page. Same-origin targets must answer 200;
 * fragments must name an id on the target page; other origins must be https
 * and are not fetched. `headers` go with every request (a sign-in).
 * Returns Map(page url -> [problem strings]).
 */
export async function checkReferences(pages, parser, { headers = {} } = {}) {
  const byUrl = new Map(pages.map((p) => [p.url, p]));
  const statusCache = new Map();
  const idsCache = new Map();

  const status = (url) => {
    if (!statusCache.has(url)) {
      statusCache.set(
        url,
        (async () => {
          if (byUrl.has(url)) return { status: 200 };
          let res = await request(url, 'HEAD', headers);
          if (res.status === 405 || res.status === 501) res = await request(url, 'GET', headers);
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
          const res = await request(url, 'GET', headers);
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
        const manifest = await request(target.href, 'GET', headers);
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
