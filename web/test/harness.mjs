// Helpers of the dashboard's end-to-end test: the real eventgraphd on a
// loopback port with a temporary database, the CLI, the gateway, and
// Debian's Chromium driven by playwright-core.
//
// Environment:
//   EVENTGRAPHD      the server binary (required)
//   EVENTGRAPH_CLI   the command-line client (required)
//   WEB_TEST_OUT     folder for screenshots (default: a temporary folder)
//   CHROMIUM         the browser (default /usr/bin/chromium)
//   WEB_TEST_KEEP=1  keep the temporary folder (database, logs)
//
// Every process started here is killed when the test process exits, also
// when it fails.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO = path.dirname(WEB_DIR);
export const SAMPLE = path.join(REPO, 'samples', 'russia_north_korea.tsv');

const children = new Set();
process.on('exit', () => {
  for (const c of children) {
    try { c.kill('SIGKILL'); } catch { /* already gone */ }
  }
});

export function requireEnv(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (CTest sets it; see tests/web/CMakeLists.txt)`);
  if (!fs.existsSync(v)) throw new Error(`${name}=${v} does not exist`);
  return v;
}

export function makeTempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventgraph-web-'));
  process.on('exit', () => {
    if (process.env.WEB_TEST_KEEP === '1') console.error(`[web test] keeping ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

export async function waitFor(what, fn, timeoutMs = 30000, stepMs = 50) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, stepMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

// Starts `command args` with output to `logFile`; resolves to {proc, port}
// once `portFile` holds a port.
export async function startWithPortFile(command, args, portFile, logFile) {
  const log = fs.openSync(logFile, 'w');
  const proc = spawn(command, args, { stdio: ['ignore', log, log] });
  children.add(proc);
  let exited = null;
  proc.on('exit', (code, signal) => {
    exited = { code, signal };
    children.delete(proc);
  });
  const port = await waitFor(`${path.basename(command)} to write ${portFile}`, () => {
    if (exited) throw new Error(`exited early (${JSON.stringify(exited)}); log:\n${fs.readFileSync(logFile, 'utf8')}`);
    if (!fs.existsSync(portFile)) return null;
    const text = fs.readFileSync(portFile, 'utf8').trim();
    return /^\d+$/.test(text) && Number(text) > 0 ? Number(text) : null;
  });
  return { proc, port, logFile };
}

export async function stop(proc, timeoutMs = 15000) {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  const done = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
  await done;
  clearTimeout(timer);
}

export async function startServer(dir) {
  const binary = requireEnv('EVENTGRAPHD');
  const portFile = path.join(dir, 'server.port');
  return startWithPortFile(binary, [
    '--db', path.join(dir, 'db'), '--listen', '127.0.0.1:0', '--port-file', portFile,
  ], portFile, path.join(dir, 'eventgraphd.log'));
}

export async function startGateway(dir, serverAddress) {
  fs.mkdirSync(dir, { recursive: true });
  const portFile = path.join(dir, 'gateway.port');
  return startWithPortFile(process.execPath, [
    path.join(WEB_DIR, 'server.js'), '--server', serverAddress, '--port', '0', '--port-file', portFile,
    '--deadline', '20',
  ], portFile, path.join(dir, 'gateway.log'));
}

// Runs the CLI to the end; returns its output, throws on a non-zero exit.
export function runCli(args) {
  const cli = requireEnv('EVENTGRAPH_CLI');
  const r = spawnSync(cli, ['--color', 'never', ...args], { encoding: 'utf8', timeout: 120000 });
  if (r.status !== 0) {
    throw new Error(`eventgraph ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout + r.stderr;
}

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// A fresh browser context on a new empty user-data-dir.
export async function launchBrowser(dir) {
  const { chromium } = await import('playwright-core');
  const userDataDir = path.join(dir, 'chromium-profile');
  fs.mkdirSync(userDataDir);
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 1000 },
    timeout: 60000,
  });
}

export function outDir() {
  const dir = process.env.WEB_TEST_OUT || fs.mkdtempSync(path.join(os.tmpdir(), 'eventgraph-web-out-'));
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

// Checks that `file` is a PNG of some size; returns its width and height.
export function checkPng(file, minBytes = 10000) {
  const buf = fs.readFileSync(file);
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (buf.length < minBytes) throw new Error(`${file}: ${buf.length} bytes, expected at least ${minBytes}`);
  if (!buf.subarray(0, 8).equals(sig)) throw new Error(`${file} is not a PNG`);
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20), bytes: buf.length };
}
