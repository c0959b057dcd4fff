// The staff pages, signed in with a test account over loopback: a second server on a
// copy of the content with something in every section of /staff (a file broken after
// it was published, a draft, a scheduled city, an event to come) and a state folder of
// its own holding the account.

import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { HERE, sleep } from './config.mjs';
import { crawl, isHtml, request } from './crawl.mjs';
import { siteBin, startSite } from './servers.mjs';

export const STAFF_CREDENTIALS = { username: 'browser.test', password: 'a long test password, loopback only' };

/** The Authorization header for the test account. */
export function staffHeaders({ username, password } = STAFF_CREDENTIALS) {
  return { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` };
}

function run(bin, args, input) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${bin} ${args.join(' ')}: exit ${code}\n${output}`))));
    child.stdin.end(input);
  });
}

async function edit(file, from, to) {
  const text = await fs.readFile(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no ${JSON.stringify(from)}`);
  await fs.writeFile(file, text.replace(from, to));
}

/**
 * Starts the staff server. Returns { base, stop(), log(), browse } where browse holds the
 * options every page of it is opened with (the sign-in).
 */
export async function startStaffSite() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sister-cities-staff-'));
  const content = path.join(dir, 'content');
  const stateDir = path.join(dir, 'state');
  const bundled = path.resolve(HERE, process.env.SITE_CONTENT || '../../content');
  await fs.cp(bundled, content, { recursive: true });
  // A draft news item, a city scheduled to go live, and an event to come.
  const news = await fs.readFile(path.join(content, 'news/seika-sister-city-agreement.toml'), 'utf8');
  await fs.writeFile(
    path.join(content, 'news/youth-exchange.toml'),
    news.replace(/^title = .*$/m, 'draft = true\ntitle = "Youth exchange to Seika announced"'),
  );
  await edit(path.join(content, 'cities/colima.toml'), '\nname = ', '\npublish_at = 2099-01-15T09:00:00\nname = ');
  await fs.mkdir(path.join(content, 'events'), { recursive: true });
  await fs.writeFile(
    path.join(content, 'events/reception.toml'),
    [
      'title = "Sister Cities reception"',
      'start = 2099-05-01T18:00:00',
      'end = 2099-05-01T20:00:00',
      'place = "Norman Public Library Central"',
      'cities = ["seika"]',
      'description = "An evening with PASSPORTS and guests from Norman\'s sister cities."',
      '',
    ].join('\n'),
  );
  const { username, password } = STAFF_CREDENTIALS;
  await run(siteBin(), ['staff', 'add', username, '--state-dir', stateDir], `${password}\n`);
  const site = await startSite({ content, stateDir });
  // Seika is published, then broken (a pasted curly quote): held at its last good version.
  await edit(path.join(content, 'cities/seika.toml'), 'country = "Japan"', 'country = \u201CJapan"');
  const overview = new URL('staff', site.base).href;
  for (let waited = 0; ; waited += 100) {
    const res = await request(overview, 'GET', staffHeaders());
    if (res.status === 200 && res.body.includes('curly-quotes')) break;
    if (waited > 15_000) throw new Error(`/staff never showed the broken file (HTTP ${res.status})\n${site.log()}`);
    await sleep(100);
  }
  return {
    ...site,
    browse: { httpCredentials: STAFF_CREDENTIALS },
    stop: async () => {
      await site.stop();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The staff pages to check: /staff and the previews it links to (at most `max`), signed
 * in; and the page that refuses a sign-in, as a browser gets it through a plain-HTTP proxy
 * (403: it looks as the 401 and 429 pages do, which a browser does not show without
 * asking for a password first).
 */
export async function staffPages(staff, parser, { max = 4 } = {}) {
  const headers = staffHeaders();
  const crawled = await crawl(new URL('staff', staff.base).href, parser, { max, headers, within: '/staff' });
  const { pages } = crawled;
  // The previews lead on to the whole site, as drafts show it: the first few are enough.
  const notes = crawled.notes.filter((note) => !note.startsWith('crawl stopped'));
  for (const page of pages) {
    page.name = `${page.path} (staff)`;
    page.browse = staff.browse;
  }
  const url = new URL('staff', staff.base).href;
  const proxied = { 'x-forwarded-for': '192.0.2.1' };
  const res = await request(url, 'GET', proxied);
  if (res.status !== 403 || !isHtml(res.contentType)) {
    notes.push(`/staff through a plain-HTTP proxy answers HTTP ${res.status} ${res.contentType}, not a 403 page`);
  } else {
    const parsed = await parser.parse(res.body, url);
    pages.push({
      url: `${url}?refused`,
      path: '/staff',
      name: '/staff (403: sign-in refused)',
      expectedStatus: 403,
      html: res.body,
      contentType: res.contentType,
      browse: { extraHTTPHeaders: proxied },
      ...parsed,
    });
  }
  return { pages, notes, headers };
}
