// The servers under test: the site's own binary (or SITE_URL), and a tiny static
// server for the self-test's fixtures.

import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

import { HERE, REPO, assertLoopback, sleep } from './config.mjs';

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function portAnswers(port) {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    const done = (ok) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(1000, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

/** The server binary under test. */
export function siteBin() {
  return path.resolve(HERE, process.env.SITE_BIN || '../../target/release/sister-cities');
}

/**
 * Starts the site, or uses SITE_URL when it is set. `content` and `stateDir` replace the
 * content folder and the state folder (the server's default) for this server.
 * Returns { base, stop(), log() } where base is the origin with a trailing slash.
 */
export async function startSite({ timeoutMs = 20_000, content: contentDir, stateDir } = {}) {
  if (process.env.SITE_URL) {
    const u = assertLoopback(process.env.SITE_URL);
    return { base: `${u.origin}/`, stop: async () => {}, log: () => '', external: true };
  }
  const bin = siteBin();
  const content = contentDir || path.resolve(HERE, process.env.SITE_CONTENT || '../../content');
  const staticDir = path.resolve(HERE, process.env.SITE_STATIC || '../../static');
  try {
    await fs.access(bin, fs.constants.X_OK);
  } catch {
    throw new Error(
      `server binary ${bin} is missing or not executable: build it (cargo build --release), ` +
        'set SITE_BIN, or set SITE_URL to a running loopback server',
    );
  }
  const port = await freePort();
  const args = ['serve', '--addr', `127.0.0.1:${port}`, '--content', content, '--static', staticDir];
  if (stateDir) args.push('--state-dir', stateDir);
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: REPO });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const killHard = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const onSignal = (signal) => {
    killHard();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('exit', killHard);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let spawnError = null;
  child.once('error', (err) => {
    spawnError = err;
  });

  const stop = async () => {
    process.removeListener('exit', killHard);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const result = await Promise.race([exited.then(() => 'exited'), sleep(5000).then(() => 'timeout')]);
    if (result === 'timeout') {
      child.kill('SIGKILL');
      await exited;
    }
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (spawnError) throw new Error(`could not start ${bin}: ${spawnError.message}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `server exited (code ${child.exitCode}, signal ${child.signalCode}) before answering.\n` +
          `command: ${bin} ${args.join(' ')}\noutput:\n${output}`,
      );
    }
    if (await portAnswers(port)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server did not answer on 127.0.0.1:${port} within ${timeoutMs} ms.\noutput:\n${output}`);
    }
    await sleep(100);
  }
  return { base: `http://127.0.0.1:${port}/`, stop, log: () => output, external: false };
}

/**
 * A tiny static file server for fixtures, on a free loopback port.
 * headersFor(pathname) may add response headers.
 */
export async function serveDirectory(root, { headersFor = () => ({}) } = {}) {
  const types = {
    '.html': 'text/html; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
    '.json': 'application/json',
    '.webmanifest': 'application/manifest+json',
  };
  const server = http.createServer(async (req, res) => {
    try {
      const { pathname } = new URL(req.url, 'http://127.0.0.1');
      let file = path.join(root, decodeURIComponent(pathname));
      if (!file.startsWith(root)) throw new Error('outside root');
      if (pathname.endsWith('/')) file = path.join(file, 'index.html');
      const body = await fs.readFile(file);
      res.writeHead(200, {
        'content-type': types[path.extname(file)] || 'application/octet-stream',
        'content-length': body.length,
        ...headersFor(pathname),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : 'not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    base: `http://127.0.0.1:${port}/`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}
