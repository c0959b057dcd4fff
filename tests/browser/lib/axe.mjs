// Checker: WCAG 2.2 AA with axe-core, run inside the page.

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

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
