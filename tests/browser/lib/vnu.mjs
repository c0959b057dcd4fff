// Checker: valid HTML with the Nu Html Checker (vnu.jar), one Java run for all
// pages, with a canary document proving it really checked.

import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

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
