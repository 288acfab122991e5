// Static files: the page (web/public) and the browser builds of the chart and
// graph libraries, served from node_modules under /vendor/.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const NODE_MODULES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'node_modules');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
};

// URL path under /vendor/ -> file of an npm package.
const VENDOR = {
  'echarts.min.js': 'echarts/dist/echarts.min.js',
  'cytoscape.min.js': 'cytoscape/dist/cytoscape.min.js',
};

export class StaticFiles {
  constructor(publicDir) {
    this.root = path.resolve(publicDir);
    this.vendor = {};
    for (const [name, rel] of Object.entries(VENDOR)) {
      const file = path.join(NODE_MODULES, rel);
      if (!fs.existsSync(file)) throw new Error(`${file} is missing: run npm ci in web/`);
      this.vendor[name] = file;
    }
  }

  // The file for a URL path, or null (never outside the public folder).
  resolve(urlPath) {
    if (urlPath.startsWith('/vendor/')) return this.vendor[urlPath.slice(8)] ?? null;
    const rel = urlPath === '/' ? 'index.html' : decodeURIComponent(urlPath).replace(/^\/+/, '');
    const file = path.resolve(this.root, rel);
    if (file !== this.root && !file.startsWith(this.root + path.sep)) return null;
    return file;
  }

  // Serves the file; false when there is none.
  serve(urlPath, res) {
    let file;
    try {
      file = this.resolve(urlPath);
    } catch {
      return false;  // a malformed %-escape
    }
    if (!file) return false;
    let stat;
    try {
      stat = fs.statSync(file);
    } catch {
      return false;
    }
    if (!stat.isFile()) return false;
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Content-Length': stat.size,
      'Cache-Control': urlPath.startsWith('/vendor/') ? 'max-age=3600' : 'no-cache',
    });
    fs.createReadStream(file).pipe(res);
    return true;
  }
}
