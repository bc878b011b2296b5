// Build the web UI: web/src -> web/dist.  Run by scripts/build-web.sh (make web).
//
// - Every web/src/pages/NAME.html is wrapped in web/src/layout.html and written
//   to web/dist/NAME.html.  A page starts with a JSON front matter comment:
//     <!-- {"title": "Comuni", "description": "..."} -->
// - Page NAME loads the module web/src/js/pages/NAME.js if it exists, else
//   web/src/js/pages/base.js (header and navigation only).  esbuild bundles the
//   page modules with code splitting; output names carry a content hash.
// - web/src/css/app.css is bundled to web/dist/css/app-HASH.css; "{{bi}}" in
//   CSS is replaced by the Bootstrap Italia asset prefix.
// - From node_modules/bootstrap-italia only what the pages use is copied:
//   the CSS, the SVG sprite and the font files that app.css references.
// - web/src/static/ is copied as it is (favicon, ...).
//
// The output is assembled in build/web-staging and then swapped into web/dist,
// so a failed build leaves the previous web/dist untouched.
import { readFileSync, writeFileSync, mkdirSync, rmSync, renameSync, existsSync,
         readdirSync, copyFileSync, cpSync } from 'node:fs';
import { dirname, join, basename, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'web/src');
const DIST = join(ROOT, 'web/dist');
const STAGE = join(ROOT, 'build/web-staging');
const BI_DIR = join(ROOT, 'node_modules/bootstrap-italia');
const BI_VERSION = JSON.parse(readFileSync(join(BI_DIR, 'package.json'), 'utf8')).version;
const BI = `/assets/bootstrap-italia-${BI_VERSION}`;
const SPRITE = `${BI}/svg/sprites.svg`;

function fail(msg) {
  console.error(`build-web: ${msg}`);
  process.exit(1);
}

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({
    '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
  })[c]);
}

function parsePage(file) {
  const text = readFileSync(file, 'utf8');
  const m = text.match(/^\s*<!--\s*(\{[\s\S]*?\})\s*-->\s*\n/);
  if (!m) fail(`${relative(ROOT, file)}: missing front matter <!-- {"title": ...} -->`);
  let meta;
  try {
    meta = JSON.parse(m[1]);
  } catch (e) {
    fail(`${relative(ROOT, file)}: bad front matter JSON: ${e.message}`);
  }
  if (!meta.title) fail(`${relative(ROOT, file)}: front matter needs "title"`);
  return { meta, body: text.slice(m[0].length) };
}

// Replace "{{bi}}" in CSS files with the Bootstrap Italia asset prefix.
const cssPrefixPlugin = {
  name: 'bi-prefix',
  setup(build) {
    build.onLoad({ filter: /\.css$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replaceAll('{{bi}}', BI),
      loader: 'css',
    }));
  },
};

// Map an esbuild metafile to { entryPoint(relative to ROOT) -> URL }.
function entryUrls(metafile) {
  const map = {};
  for (const [out, info] of Object.entries(metafile.outputs)) {
    if (info.entryPoint) map[info.entryPoint] = '/' + relative(STAGE, join(ROOT, out));
  }
  return map;
}

async function main() {
  const site = JSON.parse(readFileSync(join(SRC, 'site.json'), 'utf8'));
  const layout = readFileSync(join(SRC, 'layout.html'), 'utf8');

  rmSync(STAGE, { recursive: true, force: true });
  mkdirSync(STAGE, { recursive: true });

  // JavaScript: one module per page, shared code split into chunks.
  const jsEntries = readdirSync(join(SRC, 'js/pages'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => join('web/src/js/pages', f));
  const js = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: jsEntries,
    bundle: true,
    splitting: true,
    format: 'esm',
    target: ['es2020'],
    minify: true,
    legalComments: 'none',
    outdir: join(STAGE, 'js'),
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    metafile: true,
    logLevel: 'warning',
  });
  const jsUrl = entryUrls(js.metafile);

  // CSS: our styles (fonts + app) in one hashed file.
  const css = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ['web/src/css/app.css'],
    bundle: true,
    minify: true,
    external: ['/assets/*'],
    outdir: join(STAGE, 'css'),
    entryNames: '[name]-[hash]',
    metafile: true,
    plugins: [cssPrefixPlugin],
    logLevel: 'warning',
  });
  const cssUrl = entryUrls(css.metafile)['web/src/css/app.css'];

  // Bootstrap Italia assets: CSS (without its source map comment), sprite, and
  // exactly the font files our CSS references.
  const biOut = join(STAGE, BI.slice(1));
  mkdirSync(join(biOut, 'css'), { recursive: true });
  mkdirSync(join(biOut, 'svg'), { recursive: true });
  // Drop the source map comment and the video.js icon font: it is a data: URL,
  // which the Content-Security-Policy (font-src 'self') refuses with a console
  // error on every page, and we have no video player.
  const biCss = readFileSync(join(BI_DIR, 'dist/css/bootstrap-italia.min.css'), 'utf8')
    .replace(/\/\*# sourceMappingURL=[^*]*\*\/\s*$/, '')
    .replace(/@font-face\{font-family:VideoJS;[^}]*\}/g, '');
  if (/url\(["']?data:[^)]*font/.test(biCss)) fail('bootstrap-italia CSS embeds a data: font (blocked by CSP): update the filter in web/build.mjs');
  writeFileSync(join(biOut, 'css/bootstrap-italia.min.css'), biCss);
  copyFileSync(join(BI_DIR, 'dist/svg/sprites.svg'), join(biOut, 'svg/sprites.svg'));
  const builtCss = readFileSync(join(STAGE, cssUrl.slice(1)), 'utf8');
  const fontRe = new RegExp(`${BI.replace(/[.]/g, '\\.')}/(fonts/[^)"'?#]+)`, 'g');
  for (const [, rel] of builtCss.matchAll(fontRe)) {
    const from = join(BI_DIR, 'dist', rel);
    if (!existsSync(from)) fail(`app.css references missing font ${rel}`);
    mkdirSync(dirname(join(biOut, rel)), { recursive: true });
    copyFileSync(from, join(biOut, rel));
  }

  // Static files (favicon, robots.txt, ...) are copied as they are.
  cpSync(join(SRC, 'static'), STAGE, { recursive: true });

  // HTML pages.
  const pages = readdirSync(join(SRC, 'pages')).filter((f) => f.endsWith('.html')).sort();
  if (!pages.includes('index.html')) fail('web/src/pages/index.html is missing');
  for (const file of pages) {
    const name = basename(file, '.html');
    const { meta, body } = parsePage(join(SRC, 'pages', file));
    const script = jsUrl[`web/src/js/pages/${name}.js`] ?? jsUrl['web/src/js/pages/base.js'];
    if (!script) fail('web/src/js/pages/base.js is missing');
    const nav = site.nav.map((item) => {
      const active = item.page === (meta.nav ?? name);
      return `                      <li class="nav-item"><a class="nav-link${active ? ' active' : ''}" href="${escapeHtml(item.href)}"${active ? ' aria-current="page"' : ''}><span>${escapeHtml(item.label)}</span></a></li>`;
    }).join('\n');
    const vars = {
      title: escapeHtml(meta.title),
      description: escapeHtml(meta.description ?? site.tagline),
      site: escapeHtml(site.name),
      tagline: escapeHtml(site.tagline),
      css: cssUrl,
      script,
      bi: BI,
      sprite: SPRITE,
      nav,
    };
    const content = body.replaceAll('{{sprite}}', SPRITE).replaceAll('{{bi}}', BI);
    const html = layout
      .replace('{{content}}', () => content.trimEnd())
      .replace(/\{\{(\w+)\}\}/g, (m, k) => (k in vars ? vars[k] : fail(`layout: unknown placeholder ${m}`)));
    if (/\sstyle=|\son[a-z]+=/i.test(html)) fail(`${file}: inline style or event handler attribute (forbidden by CSP)`);
    if (/<script(?![^>]*\bsrc=)[^>]*>/i.test(html)) fail(`${file}: inline <script> (forbidden by CSP)`);
    writeFileSync(join(STAGE, `${name}.html`), html);
  }

  rmSync(DIST, { recursive: true, force: true });
  mkdirSync(dirname(DIST), { recursive: true });
  renameSync(STAGE, DIST);
  console.log(`build-web: ${pages.length} pages -> web/dist (bootstrap-italia ${BI_VERSION})`);
}

main().catch((e) => fail(e.message));
