#!/usr/bin/env node
// Prints an HTML file as chromium would print it on A4 (the page's own @page rules) and checks how many
// sheets it takes: a training record for a staff file must fit the pages a school would file.
//
//   node print_pages.js [--chromium PATH] --max N FILE.html [OUT.pdf]
// Prints "FILE: N page(s)" and exits 1 when over the limit, 2 when the browser or the file cannot be used.
'use strict';
const path = require('path');
const fs = require('fs');
const url = require('url');

const args = process.argv.slice(2);
let chromium = process.env.WP_CHROMIUM || '/usr/bin/chromium';
let max = 0;
const rest = [];
for (let i = 0; i < args.length; ++i) {
  if (args[i] === '--chromium') chromium = args[++i];
  else if (args[i] === '--max') max = Number(args[++i]);
  else rest.push(args[i]);
}
const [file, pdfOut] = rest;
if (!file || !(max > 0)) {
  console.error('usage: node print_pages.js [--chromium PATH] --max N FILE.html [OUT.pdf]');
  process.exit(2);
}
const puppeteer = require('puppeteer-core');

(async () => {
  const abs = path.resolve(file);
  if (!fs.existsSync(abs)) {
    console.error(`${file}: no such file`);
    process.exit(2);
  }
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(url.pathToFileURL(abs).href, { waitUntil: 'load' });
    await page.emulateMediaType('print');
    const pdf = Buffer.from(await page.pdf({ preferCSSPageSize: true, format: 'A4', printBackground: true }));
    if (pdfOut) fs.writeFileSync(pdfOut, pdf);
    // Each sheet is one "/Type /Page" object (the tree's nodes are "/Type /Pages").
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) || []).length;
    console.log(`${file}: ${pages} page(s) on A4 (at most ${max})`);
    process.exitCode = pages >= 1 && pages <= max ? 0 : 1;
  } catch (e) {
    console.error(`${file}: could not print: ${e.message}`);
    process.exitCode = 2;
  } finally {
    await browser.close();
  }
})();
