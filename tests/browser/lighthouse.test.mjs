// Lighthouse (mobile preset, default simulated throttling) on / and on the
// first city page the crawl finds, and on the same two pages in Spanish. Reports go to output/lighthouse-*.json.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import * as lib from './lib.mjs';

const REQUIRED = { performance: 0.95, accessibility: 1, 'best-practices': 1, seo: 1 };
// Performance is a timing: one run on a busy 2-core machine can be slowed by
// whatever else runs (one CI run measured 310 ms of blocking time on a page
// that measures about 50 ms alone). As Lighthouse CI recommends, a failing
// performance score is judged on the median of three runs; the other
// categories do not depend on timing and are judged on the first run.
const PERFORMANCE_RUNS = 3;

const site = await lib.startSite();
after(() => site.stop());

let pages;
{
  const browser = await lib.launchBrowser();
  try {
    const parser = await lib.createParser(browser);
    ({ pages } = await lib.crawl(site.base, parser));
  } finally {
    // Closed before Lighthouse starts, so it has the machine to itself.
    await browser.close();
  }
}

const home = pages.find((p) => p.path === '/');
const city = pages.find((p) => /^\/cities\/[^/?#]+/.test(p.path));
const spanishHome = pages.find((p) => p.path === '/es');
const spanishCity = pages.find((p) => /^\/es\/cities\/[^/?#]+/.test(p.path));
const targets = [
  { name: '/', page: home },
  { name: 'the first /cities/… page', page: city },
  { name: '/es', page: spanishHome },
  { name: 'the first /es/cities/… page', page: spanishCity },
];

for (const { name, page } of targets) {
  test(`Lighthouse ${lib.LIGHTHOUSE_VERSION} on ${page ? page.path : name}`, { timeout: 240_000 }, async (t) => {
    assert.ok(page, `the crawl found no ${name} (pages: ${pages.map((p) => p.path).join(' ')})`);
    const out = path.join(lib.OUTPUT, `lighthouse-${lib.slug(page.url)}.json`);
    const r = await lib.runLighthouse(page.url, out);
    if (r.scores.performance !== null && r.scores.performance < REQUIRED.performance) {
      const runs = [r];
      while (runs.length < PERFORMANCE_RUNS) {
        runs.push(await lib.runLighthouse(page.url, out.replace(/\.json$/, `-run${runs.length + 1}.json`), { categories: ['performance'] }));
      }
      runs.sort((a, b) => (a.scores.performance ?? -1) - (b.scores.performance ?? -1));
      const median = runs[Math.floor(runs.length / 2)];
      t.diagnostic(`performance below ${REQUIRED.performance * 100} on the first run; runs: ${runs.map((x) => Math.round((x.scores.performance ?? 0) * 100)).join(', ')}; judged on the median`);
      r.scores.performance = median.scores.performance;
      r.lost.performance = median.lost.performance;
    }
    const line = Object.entries(r.scores)
      .map(([id, s]) => `${id} ${s === null ? 'n/a' : Math.round(s * 100)}`)
      .join(', ');
    t.diagnostic(`${page.path}: ${line}; report: ${path.relative(lib.HERE, out)}`);
    for (const w of r.warnings) t.diagnostic(`warning: ${w}`);
    for (const code of r.retried) t.diagnostic(`a run was thrown away and repeated: Lighthouse reported ${code} (a trace-recording failure)`);
    assert.equal(r.runtimeError, null, `Lighthouse could not audit ${page.path}: ${JSON.stringify(r.runtimeError)}`);
    const failures = [];
    for (const [id, min] of Object.entries(REQUIRED)) {
      const score = r.scores[id];
      if (score === null || score < min) {
        failures.push(`${id}: ${score === null ? 'no score' : Math.round(score * 100)} < ${Math.round(min * 100)}\n    ${r.lost[id].join('\n    ')}`);
      }
    }
    assert.equal(failures.length, 0, `${page.path} (${line}):\n  ${failures.join('\n  ')}`);
  });
}
