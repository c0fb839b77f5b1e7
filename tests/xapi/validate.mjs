// Every statement passes @learninglocker/xapi-validation (pinned by tests/xapi/package-lock.json,
// installed by tools/setup into the build tree) with zero warnings (issue 11, item 6).
//
//   node validate.mjs --modules BUILD/npm-xapi [--expect-verbs initialized,answered,...] FILE.json...
//
// Each FILE holds one statement or an array of them. Any warning fails, and so does a verb named in
// --expect-verbs that no file uses (so an empty or partial export cannot pass). Prints "N passed, M failed".
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const args = process.argv.slice(2);
let modules = "";
let expectVerbs = [];
const files = [];
for (let i = 0; i < args.length; ++i) {
  if (args[i] === "--modules") modules = args[++i] ?? "";
  else if (args[i] === "--expect-verbs") expectVerbs = (args[++i] ?? "").split(",").filter(Boolean);
  else files.push(args[i]);
}
if (!modules || files.length === 0) {
  console.error("usage: node validate.mjs --modules DIR [--expect-verbs a,b] FILE.json...");
  process.exit(2);
}

let validate;
try {
  validate = createRequire(path.resolve(modules, "package.json"))("@learninglocker/xapi-validation").default;
} catch (e) {
  console.error(`the xAPI validator (@learninglocker/xapi-validation) is not installed in ${modules}: run tools/setup (npm ci --prefix ${modules})`);
  process.exit(1);
}

let passed = 0;
let failed = 0;
const verbsSeen = new Set();
for (const file of files) {
  let input;
  try {
    input = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    console.error(`${file}: not JSON (${e.message})`);
    process.exit(1);
  }
  const list = Array.isArray(input) ? input : [input];
  list.forEach((statement, i) => {
    const warnings = validate(statement);
    if (statement && statement.verb && typeof statement.verb.id === "string") verbsSeen.add(statement.verb.id.replace(/.*\//, ""));
    if (warnings.length === 0) {
      ++passed;
      return;
    }
    ++failed;
    for (const w of warnings)
      console.log(`${file} #${i} (${statement?.verb?.id ?? "no verb"}): ${(w.path || []).join(".")} ${w.constructor.name}`);
  });
}
const missing = expectVerbs.filter((v) => !verbsSeen.has(v));
if (missing.length) console.log(`no statement with the verb(s): ${missing.join(", ")}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed || missing.length || passed === 0 ? 1 : 0);
