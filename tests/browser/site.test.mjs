// Every page reachable from / in a real browser: WCAG 2.2 AA (axe-core, light
// and dark), valid HTML (Nu Html Checker), links and fragments, keyboard
// access, target size, reflow at 320 px, and full-page screenshots. The staff
// pages too, signed in with a test account on a second server (lib/staff.mjs).
//
// SITE_URL=http://127.0.0.1:PORT/ tests a running server (without the staff
// pages, which need an account made for the test); otherwise the server binary
// (SITE_BIN) is started on free loopback ports.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as lib from './lib.mjs';

const site = await lib.startSite();
let staffSite;
let browser;
let parser;
let crawled;
let notFound;
let notFoundSpanish;
let staff = { pages: [], notes: [], headers: {} };
try {
  browser = await lib.launchBrowser();
  parser = await lib.createParser(browser);
  crawled = await lib.crawl(site.base, parser);
  notFound = await lib.fetchNotFoundPage(site.base, parser);
  // A Spanish address's page not found is the Spanish one.
  notFoundSpanish = await lib.fetchNotFoundPage(site.base, parser, '/es/esta-pagina-no-existe');
  if (!site.external) {
    staffSite = await lib.startStaffSite();
    staff = await lib.staffPages(staffSite, parser);
  }
} catch (err) {
  await browser?.close();
  await site.stop();
  await staffSite?.stop();
  throw err;
}
const { notes } = crawled;
// The crawled pages (both languages: the language switcher links each page to its twin), the
// 404 pages and the staff pages, which every check below covers.
const publicPages = [...crawled.pages, notFound.page, notFoundSpanish.page].filter(Boolean);
const pages = [...publicPages, ...staff.pages];
const nameOf = (page) => page.name || page.path;
// How each page is opened: signed in, for the staff pages.
const open = (page, options) => ({ ...options, ...page.browse });

after(async () => {
  await parser.close();
  await browser.close();
  await site.stop();
  await staffSite?.stop();
});

const PAGE_TIMEOUT = 120_000;
const { mobile, desktop, narrow } = lib.VIEWPORTS;

test(`crawl from ${site.base} finds the site's pages`, (t) => {
  const found = crawled.pages;
  t.diagnostic(`${found.length} HTML pages: ${found.map((p) => p.path).join(' ')}`);
  for (const note of notes) t.diagnostic(`crawl: ${note}`);
  assert.ok(found.length > 0, `no HTML page at ${site.base}:\n${notes.join('\n')}`);
  assert.equal(found[0].path, '/', 'the crawl starts at /');
});

test('an unknown URL answers 404 with an HTML page, in Spanish under /es/', () => {
  assert.ok(notFound.page, notFound.problem);
  assert.ok(notFoundSpanish.page, notFoundSpanish.problem);
  assert.match(notFoundSpanish.page.html, /<html lang="es">/);
});

test('the crawl finds every page in English and in Spanish', () => {
  const paths = crawled.pages.map((p) => p.path);
  const spanish = paths.filter((p) => p === '/es' || p.startsWith('/es/'));
  assert.ok(spanish.length > 0, `no Spanish page: ${paths.join(' ')}`);
  assert.equal(spanish.length * 2, paths.length, `as many pages in each language: ${paths.join(' ')}`);
});

test('the staff pages are found, signed in: the overview, previews, and the refusal page', { skip: site.external && 'SITE_URL: no test account' }, (t) => {
  t.diagnostic(`${staff.pages.length} staff pages: ${staff.pages.map(nameOf).join(' ')}`);
  for (const note of staff.notes) t.diagnostic(`staff: ${note}`);
  const paths = staff.pages.map((p) => p.path);
  assert.equal(staff.notes.length, 0, staff.notes.join('\n'));
  assert.ok(paths.includes('/staff'), paths.join(' '));
  assert.ok(paths.some((p) => p.startsWith('/staff/preview/')), paths.join(' '));
  assert.ok(staff.pages.some((p) => p.expectedStatus === 403), 'the refusal page');
});

describe(`Nu Html Checker ${lib.VNU_VERSION}: no errors`, () => {
  let results;
  before(async () => {
    results = await lib.runVnu(pages);
  });
  for (const page of pages) {
    test(nameOf(page), (t) => {
      const { errors, warnings } = results.get(page.url);
      for (const w of warnings) t.diagnostic(`warning: ${w}`);
      assert.equal(errors.length, 0, `${errors.length} HTML errors on ${nameOf(page)}:\n  ${errors.join('\n  ')}`);
    });
  }
});

describe('links, images, stylesheets, icons, manifest and fragments resolve', () => {
  let results;
  before(async () => {
    results = new Map([
      ...(await lib.checkReferences(publicPages, parser)),
      ...(await lib.checkReferences(staff.pages, parser, { headers: staff.headers })),
    ]);
  });
  for (const page of pages) {
    test(nameOf(page), () => {
      const problems = results.get(page.url);
      assert.equal(problems.length, 0, `${problems.length} broken references on ${nameOf(page)}:\n  ${problems.join('\n  ')}`);
    });
  }
});

const axeRuns = [
  { name: '375×812, light', viewport: mobile, colorScheme: 'light' },
  { name: '1280×900, light', viewport: desktop, colorScheme: 'light' },
  { name: '375×812, prefers-color-scheme: dark', viewport: mobile, colorScheme: 'dark' },
];
for (const run of axeRuns) {
  describe(`axe-core ${lib.AXE_VERSION} (${lib.AXE_TAGS.join(', ')}) at ${run.name}: no violations`, () => {
    for (const page of pages) {
      test(nameOf(page), { timeout: PAGE_TIMEOUT }, async (t) => {
        const result = await lib.withPage(browser, page.url, open(page, run), (p) => lib.runAxe(p));
        assert.ok(result.passes.length > 0, 'axe-core ran no rule at all');
        for (const v of result.incomplete) {
          for (const n of v.nodes) {
            const why = n.summary.split('\n').map((l) => l.trim()).filter((l) => l && !/^Fix (any|all)/.test(l))[0] || '';
            t.diagnostic(`needs review (not a failure): ${v.id} on ${n.target}: ${why}`);
          }
        }
        assert.equal(
          result.violations.length,
          0,
          `${result.violations.length} axe violations on ${nameOf(page)} at ${run.name}:\n${lib.formatAxe(result.violations)}`,
        );
      });
    }
  });
}

describe('keyboard: the first Tab reaches the skip link ("Skip to content", "Saltar al contenido principal"), Enter moves focus to #main-content', () => {
  for (const page of pages) {
    test(nameOf(page), { timeout: PAGE_TIMEOUT }, async () => {
      const problems = [];
      for (const [name, viewport] of [['375 px', mobile], ['1280 px', desktop]]) {
        const found = await lib.withPage(browser, page.url, open(page, { viewport }), (p) => lib.checkSkipLink(p));
        problems.push(...found.map((f) => `${name}: ${f}`));
      }
      assert.equal(problems.length, 0, `${nameOf(page)}:\n  ${problems.join('\n  ')}`);
    });
  }
});

describe('keyboard: every element reached by Tab shows a visible focus indicator', () => {
  for (const page of pages) {
    test(nameOf(page), { timeout: PAGE_TIMEOUT }, async (t) => {
      const problems = [];
      for (const [name, viewport] of [['375 px', mobile], ['1280 px', desktop]]) {
        const r = await lib.withPage(browser, page.url, open(page, { viewport }), (p) => lib.checkFocusVisible(p));
        t.diagnostic(`${name}: ${r.count} elements reached by Tab`);
        if (r.count === 0) problems.push(`${name}: Tab reached no element at all`);
        problems.push(...r.problems.map((f) => `${name}: ${f}`));
      }
      assert.equal(problems.length, 0, `${problems.length} focus problems on ${nameOf(page)}:\n  ${problems.join('\n  ')}`);
    });
  }
});

describe('target size: links and buttons are at least 24×24 CSS px unless inline in a sentence (WCAG 2.5.8)', () => {
  for (const page of pages) {
    test(nameOf(page), { timeout: PAGE_TIMEOUT }, async () => {
      const problems = [];
      for (const [name, viewport] of [['375 px', mobile], ['1280 px', desktop]]) {
        const found = await lib.withPage(browser, page.url, open(page, { viewport }), (p) => lib.checkTargetSize(p));
        problems.push(...found.map((f) => `${name}: ${f}`));
      }
      assert.equal(problems.length, 0, `${problems.length} small targets on ${nameOf(page)}:\n  ${problems.join('\n  ')}`);
    });
  }
});

describe('reflow: no horizontal scrolling at 320 CSS px (WCAG 1.4.10)', () => {
  for (const page of pages) {
    test(nameOf(page), { timeout: PAGE_TIMEOUT }, async () => {
      // A desktop window 320 px wide: what 400 % zoom of 1280 px gives (WCAG 1.4.10).
      const r = await lib.withPage(browser, page.url, open(page, { viewport: narrow, mobile: false }), (p) => lib.checkReflow(p, narrow.width));
      assert.ok(
        r.scrollWidth <= narrow.width,
        `${nameOf(page)} is ${r.scrollWidth} px wide in a ${r.width} px viewport:\n  ${r.offenders.join('\n  ')}`,
      );
    });
  }
});

describe('reading: notes no larger than body text, room between an article\'s parts, map text at least 12 px at 320 px', () => {
  for (const page of pages) {
    test(nameOf(page), { timeout: PAGE_TIMEOUT }, async () => {
      const r = await lib.withPage(browser, page.url, open(page, { viewport: narrow, mobile: true }), (p) => p.evaluate(() => {
        const px = (el) => parseFloat(getComputedStyle(el).fontSize);
        const body = px(document.body);
        const problems = [];
        for (const el of document.querySelectorAll('main .sc-meta, main .sc-sources li, main .sc-item__meta')) {
          if (px(el) > body) problems.push(`"${el.textContent.trim().slice(0, 40)}" is ${px(el)} px, body text ${body} px`);
        }
        // A news article: its text, the links to its cities and its sources each apart.
        const parts = [...document.querySelectorAll('article > .sc-prose, article > .sc-article__related, article > .sc-sources')];
        for (let i = 1; i < parts.length; i++) {
          const gap = parts[i].getBoundingClientRect().top - parts[i - 1].getBoundingClientRect().bottom;
          if (gap < 16) problems.push(`only ${gap} px between .${parts[i - 1].className} and .${parts[i].className}`);
        }
        // The map's numbers and labels as drawn: their size times the map's scale.
        for (const text of document.querySelectorAll('.sc-map text')) {
          if (text.getClientRects().length === 0) continue; // another width's markers
          const drawn = parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a;
          if (drawn < 12) problems.push(`map text "${text.textContent}" is drawn at ${drawn.toFixed(1)} px`);
        }
        return problems;
      }));
      assert.deepEqual(r, [], `${nameOf(page)}:\n  ${r.join('\n  ')}`);
    });
  }
});

describe('pages load without failed requests or console errors (screenshots in output/screenshots)', () => {
  const shots = [
    { suffix: '375', viewport: mobile, colorScheme: 'light' },
    { suffix: '375-dark', viewport: mobile, colorScheme: 'dark' },
    { suffix: '1280', viewport: desktop, colorScheme: 'light' },
  ];
  for (const page of pages) {
    test(nameOf(page), { timeout: PAGE_TIMEOUT }, async () => {
      const problems = [];
      for (const shot of shots) {
        await lib.withPage(browser, page.url, open(page, shot), async (p, opened) => {
          await lib.screenshot(p, page.url, shot.suffix);
          const expected = page.expectedStatus || 200;
          const status = opened.response?.status();
          if (status !== expected) problems.push(`${shot.suffix}: HTTP ${status}, expected ${expected}`);
          problems.push(...opened.problems.map((f) => `${shot.suffix}: ${f}`));
        });
      }
      assert.equal(problems.length, 0, `${nameOf(page)}:\n  ${problems.join('\n  ')}`);
    });
  }
});
