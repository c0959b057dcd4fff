// Helpers for the real-browser tests, one module per job in lib/: start the site
// (servers), open pages (browser), crawl it (crawl), sign in to the staff pages
// (staff), and one module per checker:
// links, axe (WCAG), vnu (valid HTML), skip-link, focus, target-size, reflow,
// lighthouse. The test files only wire these together.
//
// Every network target is on the loopback interface; other-origin URLs found
// on pages are inspected as strings and never fetched.

export * from './lib/config.mjs';
export * from './lib/servers.mjs';
export * from './lib/browser.mjs';
export * from './lib/crawl.mjs';
export * from './lib/links.mjs';
export * from './lib/axe.mjs';
export * from './lib/vnu.mjs';
export * from './lib/skip-link.mjs';
export * from './lib/focus.mjs';
export * from './lib/target-size.mjs';
export * from './lib/reflow.mjs';
export * from './lib/lighthouse.mjs';
export * from './lib/staff.mjs';
