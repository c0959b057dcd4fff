// Checker: Lighthouse (mobile preset, default simulated throttling), in a Chromium
// of its own, repeated after its own trace-recording failures.

import fs from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';

import { CHROMIUM, CHROMIUM_FLAGS, assertLoopback } from './config.mjs';

const require = createRequire(import.meta.url);

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
