// Proves the checkers work: fixtures/broken/ holds known problems that each
// checker must report, and fixtures/clean/ a page that each must pass. A
// checker that silently does nothing fails here.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import * as lib from './lib.mjs';

// The clean fixture is served with a strict Content-Security-Policy, as a
// production server may send: the checkers must work under it.
const CSP = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'";
const server = await lib.serveDirectory(path.join(lib.HERE, 'fixtures'), {
  headersFor: (pathname) => (pathname.startsWith('/clean/') ? { 'content-security-policy': CSP } : {}),
});
const browser = await lib.launchBrowser();
const parser = await lib.createParser(browser);

after(async () => {
  await parser.close();
  await browser.close();
  await server.stop();
});

const BROKEN = new URL('broken/', server.base).href;
const CLEAN = new URL('clean/', server.base).href;
const { mobile, desktop, narrow } = lib.VIEWPORTS;
const broken = await lib.crawl(BROKEN, parser);
const clean = await lib.crawl(CLEAN, parser);

const nodesOf = (result, id) => result.violations.filter((v) => v.id === id).flatMap((v) => v.nodes.map((n) => n.target));

test('the crawler follows same-origin links and reports missing pages', () => {
  assert.deepEqual(
    clean.pages.map((p) => p.path),
    ['/clean/', '/clean/about.html'],
  );
  assert.deepEqual(
    broken.pages.map((p) => p.path),
    ['/broken/'],
  );
  assert.ok(broken.notes.some((n) => n.includes('/broken/missing.html: HTTP 404')), broken.notes.join('\n'));
});

test('axe-core reports the missing alt text and low contrast, light and dark', async () => {
  const light = await lib.withPage(browser, BROKEN, { viewport: desktop }, (p) => lib.runAxe(p));
  const ids = light.violations.map((v) => v.id);
  assert.ok(ids.includes('image-alt'), `image-alt not reported: ${ids}`);
  assert.ok(ids.includes('color-contrast'), `color-contrast not reported: ${ids}`);
  assert.ok(nodesOf(light, 'color-contrast').some((t) => t.includes('.faint')));
  assert.ok(!nodesOf(light, 'color-contrast').some((t) => t.includes('.night')), 'light theme: .night has enough contrast');

  const dark = await lib.withPage(browser, BROKEN, { viewport: mobile, colorScheme: 'dark' }, (p) => lib.runAxe(p));
  assert.ok(
    nodesOf(dark, 'color-contrast').some((t) => t.includes('.night')),
    `dark theme contrast not checked: ${lib.formatAxe(dark.violations)}`,
  );

  for (const scheme of ['light', 'dark']) {
    for (const page of clean.pages) {
      const r = await lib.withPage(browser, page.url, { viewport: mobile, colorScheme: scheme }, (p) => lib.runAxe(p));
      assert.ok(r.passes.includes('html-has-lang') && r.passes.includes('document-title'), 'axe ran its rules on the clean page');
      assert.equal(r.violations.length, 0, `clean fixture ${page.path} (${scheme}):\n${lib.formatAxe(r.violations)}`);
    }
  }
});

test('the Nu Html Checker reports the invalid nesting and missing alt', async () => {
  const results = await lib.runVnu([...broken.pages, ...clean.pages]);
  const errors = results.get(BROKEN).errors.join('\n');
  assert.match(errors, /Element “div” not allowed as child of element “ul”/);
  assert.match(errors, /“img” element must have an “alt” attribute/);
  for (const page of clean.pages) {
    assert.deepEqual(results.get(page.url).errors, [], `clean fixture ${page.path}`);
  }
});

test('the link checker reports the missing page and the missing fragment', async () => {
  const results = await lib.checkReferences(broken.pages, parser);
  const problems = results.get(BROKEN).join('\n');
  assert.match(problems, /missing\.html.*HTTP 404/);
  assert.match(problems, /no element with id="nowhere"/);
  const ok = await lib.checkReferences(clean.pages, parser);
  for (const page of clean.pages) assert.deepEqual(ok.get(page.url), [], `clean fixture ${page.path}`);
});

test('the link checker rejects external http, and does not fetch external URLs', async () => {
  const page = {
    url: CLEAN,
    ids: [],
    refs: [
      { kind: 'link', tag: 'a', attr: 'href', raw: 'http://example.com/', url: 'http://example.com/', text: '' },
      { kind: 'link', tag: 'a', attr: 'href', raw: 'https://example.com/nowhere', url: 'https://example.com/nowhere', text: '' },
      { kind: 'link', tag: 'a', attr: 'href', raw: 'mailto:sister.cities@example.org', url: 'mailto:sister.cities@example.org', text: '' },
    ],
  };
  const problems = (await lib.checkReferences([page], parser)).get(CLEAN);
  assert.deepEqual(problems, ['<a href="http://example.com/">: external URL is not https']);
});

test('the keyboard checks report the missing skip link and the missing focus indicator', async () => {
  const skip = await lib.withPage(browser, BROKEN, { viewport: desktop }, (p) => lib.checkSkipLink(p));
  assert.equal(skip.length, 1);
  assert.match(skip[0], /not <a href="#main-content">Skip to content<\/a>/);
  const focus = await lib.withPage(browser, BROKEN, { viewport: desktop }, (p) => lib.checkFocusVisible(p));
  assert.equal(focus.count, 3, 'Tab reaches the two links in the text and the tiny link');
  assert.equal(focus.problems.length, 3, focus.problems.join('\n'));
  // Chromium's own focus ring (outline: auto 1px) is thinner than the 2 px required.
  assert.match(focus.problems[0], /missing\.html.*no visible focus indicator \(focused outline: auto 1px/);
  assert.match(focus.problems[2], /a\.tiny.*no visible focus indicator \(focused outline: none/);

  for (const page of clean.pages) {
    for (const viewport of [mobile, desktop]) {
      assert.deepEqual(await lib.withPage(browser, page.url, { viewport }, (p) => lib.checkSkipLink(p)), []);
      const r = await lib.withPage(browser, page.url, { viewport }, (p) => lib.checkFocusVisible(p));
      assert.ok(r.count >= 4, `Tab reached ${r.count} elements on ${page.path}`);
      assert.deepEqual(r.problems, [], `clean fixture ${page.path}`);
    }
  }
});

test('the target size check reports the 12×12 link and spares links inside sentences', async () => {
  const small = await lib.withPage(browser, BROKEN, { viewport: mobile }, (p) => lib.checkTargetSize(p));
  assert.equal(small.length, 1, small.join('\n'));
  assert.match(small[0], /a\.tiny.*12\.0×12\.0 px/);
  for (const page of clean.pages) {
    assert.deepEqual(await lib.withPage(browser, page.url, { viewport: mobile }, (p) => lib.checkTargetSize(p)), []);
  }
});

test('the reflow check reports horizontal scrolling at 320 px', async () => {
  const r = await lib.withPage(browser, BROKEN, { viewport: narrow, mobile: false }, (p) => lib.checkReflow(p, narrow.width));
  assert.ok(r.scrollWidth > narrow.width, `scrollWidth ${r.scrollWidth}`);
  assert.ok(r.offenders.some((o) => o.startsWith('div.wide')), r.offenders.join('\n'));
  for (const page of clean.pages) {
    const ok = await lib.withPage(browser, page.url, { viewport: narrow, mobile: false }, (p) => lib.checkReflow(p, narrow.width));
    assert.ok(ok.scrollWidth <= narrow.width, `clean fixture ${page.path} is ${ok.scrollWidth} px wide`);
  }
});

test('page loads record failed requests (an image named only in CSS) and block other hosts', async () => {
  const problems = await lib.withPage(browser, BROKEN, {}, async (_p, opened) => opened.problems);
  assert.deepEqual(problems.sort(), [
    `HTTP 404 for ${new URL('missing-background.png', BROKEN).href}`,
    'request to another host blocked: https://example.org/remote.png',
  ]);
  const missing = new URL('missing.html', BROKEN).href;
  const status = await lib.withPage(browser, missing, {}, async (_p, opened) => [opened.response.status(), opened.problems]);
  assert.deepEqual(status, [404, []], "the page's own status is left to the caller");
});

test('Lighthouse runs are repeated on trace-recording errors only, and at most three times', async () => {
  const runner = (codes) => {
    const calls = [];
    const once = async () => {
      const code = codes[calls.length];
      calls.push(code);
      return { scores: {}, runtimeError: code ? { code } : null };
    };
    return { once, calls };
  };

  const flaky = runner(['NO_NAVSTART', null]);
  const r1 = await lib.withLighthouseRetries(flaky.once);
  assert.equal(r1.runtimeError, null);
  assert.deepEqual(r1.retried, ['NO_NAVSTART']);
  assert.equal(flaky.calls.length, 2);

  const broken = runner(['NO_NAVSTART', 'NO_NAVSTART', 'NO_NAVSTART', null]);
  const r2 = await lib.withLighthouseRetries(broken.once);
  assert.equal(r2.runtimeError.code, 'NO_NAVSTART', 'after three runs the error is reported, not hidden');
  assert.equal(broken.calls.length, 3);

  // An error about the page itself (it painted nothing) is never retried.
  const blank = runner(['NO_FCP', null]);
  const r3 = await lib.withLighthouseRetries(blank.once);
  assert.equal(r3.runtimeError.code, 'NO_FCP');
  assert.deepEqual(r3.retried, []);
  assert.equal(blank.calls.length, 1);
});
