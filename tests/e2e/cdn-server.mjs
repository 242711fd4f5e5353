// A plain static host, as a CDN or bucket would be: the files of a dist/
// under a prefix (/mesa/), the headers of its generated `_headers` file
// (Netlify / Cloudflare Pages format: every matching rule applies), and
// index.html for extension-less paths (Cloudflare Pages' SPA behaviour).
// No API, no config.json of its own: the panel talks to another origin.
//
//   node cdn-server.mjs --dir target/dist-cdn --prefix /mesa/ --port 18634
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (i % 2 ? pairs : [...pairs, [arg.replace(/^--/, ''), all[i + 1]]]), []),
);
const dir = path.resolve(args.dir);
const prefix = args.prefix ?? '/';
const port = Number(args.port);

/** Rules of `_headers`: a path pattern line, then indented `Name: value` lines. */
function parseHeaders(text) {
  const rules = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    if (/^\s/.test(line)) {
      const at = line.indexOf(':');
      rules.at(-1).headers.push([line.slice(0, at).trim(), line.slice(at + 1).trim()]);
    } else {
      const pattern = line.trim().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
      rules.push({ match: new RegExp(`^${pattern}$`), headers: [] });
    }
  }
  return rules;
}
const rules = parseHeaders(fs.readFileSync(path.join(dir, '_headers'), 'utf8'));

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
};

http
  .createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    // Strict, as a bucket under a prefix is: `/mesa` (no slash) is outside
    // `/mesa/` and not found, so the panel must never leave an address there.
    if (!urlPath.startsWith(prefix) || urlPath.includes('..')) {
      res.writeHead(404).end('not found');
      return;
    }
    let file = path.join(dir, urlPath.slice(prefix.length) || 'index.html');
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      if (path.extname(urlPath)) {
        res.writeHead(404).end('not found');
        return;
      }
      file = path.join(dir, 'index.html');
    }
    const headers = { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream' };
    for (const rule of rules) {
      if (!rule.match.test(urlPath)) continue;
      for (const [name, value] of rule.headers) {
        const key = name.toLowerCase();
        headers[key] = headers[key] ? `${headers[key]}, ${value}` : value;
      }
    }
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : fs.readFileSync(file));
  })
  .listen(port, '127.0.0.1');
