#!/usr/bin/env node
// Checks HTML files for accessibility in a real browser: Debian's headless chromium, driven by
// puppeteer-core, runs axe-core against WCAG 2.0, 2.1 and 2.2 A and AA (and best practice). Prints every violation
// (rule, impact, the nodes) and exits 1 if there is any; 2 if the browser or a file cannot be used.
//
//   node axe_check.js [--chromium PATH] FILE.html...
// NODE_PATH (or a node_modules beside it) must hold axe-core and puppeteer-core: tools/setup installs
// them into <build>/npm from tests/browser/package-lock.json.
'use strict';
const path = require('path');
const fs = require('fs');
const url = require('url');

const args = process.argv.slice(2);
let chromium = process.env.WP_CHROMIUM || '/usr/bin/chromium';
const files = [];
for (let i = 0; i < args.length; ++i) {
  if (args[i] === '--chromium') chromium = args[++i];
  else files.push(args[i]);
}
if (!files.length) {
  console.error('usage: node axe_check.js [--chromium PATH] FILE.html...');
  process.exit(2);
}
const puppeteer = require('puppeteer-core');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
// WCAG 2.0-2.2 A and AA, and axe's best practices (one main landmark, all content in landmarks,
// heading order): a screen reader user navigates the exports by landmarks and headings.
const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'];

(async () => {
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    // No sandbox: CI runs as root, where chromium refuses its sandbox. The pages are our own files.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  });
  let failed = 0;
  try {
    for (const file of files) {
      const abs = path.resolve(file);
      if (!fs.existsSync(abs)) {
        console.error(`${file}: no such file`);
        failed = 2;
        continue;
      }
      const page = await browser.newPage();
      await page.goto(url.pathToFileURL(abs).href, { waitUntil: 'load' });
      await page.evaluate(axeSource);
      const result = await page.evaluate(
        (t) => axe.run(document, { runOnly: { type: 'tag', values: t }, resultTypes: ['violations'] }), tags);
      const version = await page.evaluate(() => axe.version);
      if (result.violations.length === 0) {
        console.log(`${file}: 0 violations (axe-core ${version}, ${tags.join(' ')}; ${result.passes.length} rules passed)`);
      } else {
        failed = failed || 1;
        console.log(`${file}: ${result.violations.length} violation(s) (axe-core ${version})`);
        for (const v of result.violations) {
          console.log(`  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`);
          for (const n of v.nodes.slice(0, 8)) console.log(`    ${n.target.join(' ')}: ${n.failureSummary.replace(/\n/g, ' ')}`);
          if (v.nodes.length > 8) console.log(`    ... and ${v.nodes.length - 8} more`);
        }
      }
      await page.close();
    }
  } finally {
    await browser.close();
  }
  process.exit(failed);
})().catch((e) => {
  console.error(`axe_check: ${e && e.stack ? e.stack : e}`);
  process.exit(2);
});
