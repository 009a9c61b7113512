// Builds the web app into static files budgetd serves with --web_root:
//   1. generates TypeScript from proto/ with protoc-gen-es (into gen/) and
//      type-checks the app (tsc);
//   2. bundles src/main.tsx and its CSS (dkfds) with esbuild into hashed file
//      names, so the server can let browsers cache them for good;
//   3. writes index.html pointing at them, with no inline script or style
//      (the Content-Security-Policy forbids both).
//
//   node build.mjs [--out DIR] [--dev]
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync, statSync, readdirSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const out = args.includes('--out') ? args[args.indexOf('--out') + 1] : join(here, 'dist');
const dev = args.includes('--dev');
const proto = join(here, '..', '..', 'proto');
const gen = join(here, 'gen');

rmSync(gen, { recursive: true, force: true });
mkdirSync(gen, { recursive: true });
const protos = ['budget/v1', 'google/rpc'].flatMap((dir) =>
  readdirSync(join(proto, dir)).filter((f) => f.endsWith('.proto')).map((f) => `${dir}/${f}`));
execFileSync('protoc', [
  `--plugin=protoc-gen-es=${join(here, 'node_modules', '.bin', 'protoc-gen-es')}`,
  `--es_out=${gen}`, '--es_opt=target=ts,import_extension=none', `-I${proto}`, ...protos,
], { stdio: 'inherit' });
// esbuild strips types without checking them: the compiler checks first.
execFileSync(join(here, 'node_modules', '.bin', 'tsc'), ['-p', here], { stdio: 'inherit' });

rmSync(out, { recursive: true, force: true });
const result = await esbuild.build({
  entryPoints: [join(here, 'src', 'main.tsx')],
  bundle: true,
  outdir: join(out, 'assets'),
  entryNames: '[name]-[hash]',
  chunkNames: '[name]-[hash]',
  // Chart.js in a chunk of its own (src/charts.tsx imports it when drawing).
  splitting: true,
  format: 'esm',
  assetNames: '[name]-[hash]',
  minify: !dev,
  sourcemap: dev,
  metafile: true,
  target: ['es2022'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'none',
  loader: { '.woff2': 'file', '.svg': 'file', '.png': 'file' },
  // dkfds also lists older font formats after woff2; every browser this app
  // supports takes woff2, so the others are not shipped.
  plugins: [{
    name: 'woff2-only',
    setup(build) {
      build.onResolve({ filter: /\.(eot|ttf|woff|otf)(\?.*)?(#.*)?$/ }, (a) => ({ path: a.path, external: true }));
    },
  }],
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs).map((p) => relative(out, p));
const script = outputs.find((p) => /main-.*\.js$/.test(p));
const style = outputs.find((p) => /main-.*\.css$/.test(p));
const html = readFileSync(join(here, 'src', 'index.html'), 'utf8')
  .replace('%SCRIPT%', `/${script}`)
  .replace('%STYLE%', `/${style}`);
writeFileSync(join(out, 'index.html'), html);

// The weight a first visit downloads (docs/web.md quotes it).
const gz = (p) => gzipSync(readFileSync(join(out, p))).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`web app: ${out}`);
for (const p of outputs.filter((o) => /\.(js|css)$/.test(o))) {
  console.log(`  ${basename(p)}: ${kb(statSync(join(out, p)).size)}, ${kb(gz(p))} gzip`);
}
