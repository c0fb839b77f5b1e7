// The JSON Schemas in content/schema/, `wpt lint` and the authoring guide agree (issue 14, item 1).
//
//   node schema_vs_lint.mjs --wpt build/bin/wpt --source . --modules BUILD/npm-schema --scratch DIR
//
// With a real JSON Schema validator (ajv, pinned by tests/schema/package-lock.json and installed by
// tools/setup into the build tree), it checks:
//   1. every bundled case and every passing fixture: the schemas and the lint both accept it;
//   2. every broken fixture: the lint refuses it, and the schemas refuse it too unless the fixture's
//      mistake is one only the lint can see (what refers to what; listed in LINT_ONLY_FIXTURES);
//   3. the JSON examples in plugins/README.md: the schemas accept each;
//   4. a corpus of mutations of the guide's worked example (tests/fixtures/plugins/maya_and_leo) and of
//      the mini fixture: misspelt keys, unknown keys, wrong types, missing fields, role typos in
//      per-role texts, empty lists and texts. For each, the schemas and the lint must give the same
//      verdict (accept: no errors; refuse: at least one error), in both directions. The few mutations
//      only the lint can judge (a real role that is not playable in this case) are marked lintOnly:
//      the lint must refuse them and the schema, which cannot know the case's roles, accepts them.
// Any disagreement is printed with the mutation, both verdicts and the messages, and fails the test.
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

function arg(name) {
  const i = process.argv.indexOf(name);
  if (i < 0 || i + 1 >= process.argv.length) {
    console.error(`usage: node schema_vs_lint.mjs --wpt WPT --source SRC --modules DIR --scratch DIR (missing ${name})`);
    process.exit(2);
  }
  return process.argv[i + 1];
}
const wpt = arg("--wpt");
const source = arg("--source");
const modules = arg("--modules");
const scratch = arg("--scratch");

let Ajv2020;
try {
  Ajv2020 = createRequire(path.resolve(modules, "package.json"))("ajv/dist/2020");
} catch (e) {
  console.error(`the JSON Schema validator (ajv) is not installed in ${modules}: run tools/setup (npm ci --prefix ${modules})`);
  process.exit(1);
}
const ajv = new Ajv2020({ allErrors: true, strict: false });
const readJson = (p) => JSON.parse(fs.readFileSync(p, "utf8"));
const scenarioSchema = readJson(path.join(source, "content/schema/scenario.schema.json"));
const pluginSchema = readJson(path.join(source, "content/schema/plugin.schema.json"));
const proceduresSchema = readJson(path.join(source, "content/schema/procedures.schema.json"));
const proceduresPluginSchema = readJson(path.join(source, "content/schema/procedures-plugin.schema.json"));
ajv.addSchema(scenarioSchema);
ajv.addSchema(pluginSchema);
ajv.addSchema(proceduresSchema);
ajv.addSchema(proceduresPluginSchema);
const validateProcedures = ajv.getSchema(proceduresSchema.$id);
const validateProceduresPlugin = ajv.getSchema(proceduresPluginSchema.$id);
const validateScenario = ajv.getSchema(scenarioSchema.$id);
const validatePlugin = ajv.getSchema(pluginSchema.$id);
const def = (name) => ajv.compile({ $ref: `${scenarioSchema.$id}#/$defs/${name}` });

const failures = [];
const fail = (what) => failures.push(what);
const errorsOf = (v) => (v.errors || []).map((e) => `${e.instancePath} ${e.message}`).slice(0, 4).join("; ");

// A local procedures pack (plugin.json "kind": "local_procedures"), checked with its own schemas.
const isProceduresPack = (dir) => {
  try {
    return readJson(path.join(dir, "plugin.json")).kind === "local_procedures";
  } catch {
    return false;
  }
};

// Schema verdict for a case folder (or a procedures pack): both files parse and are valid.
function schemaVerdict(dir) {
  const out = { ok: true, why: "" };
  const files = isProceduresPack(dir)
    ? [["plugin.json", validateProceduresPlugin], ["procedures.json", validateProcedures]]
    : [["plugin.json", validatePlugin], ["scenario.json", validateScenario]];
  for (const [file, validate] of files) {
    let value;
    try {
      // As an editor would: the bytes must be UTF-8 (a Windows-1252 file is not valid JSON text).
      const bytes = fs.readFileSync(path.join(dir, file));
      value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    } catch (e) {
      return { ok: false, why: `${file}: not JSON (${e.message.slice(0, 80)})` };
    }
    if (!validate(value)) {
      out.ok = false;
      out.why += `${file}: ${errorsOf(validate)} `;
    }
  }
  return out;
}

// Lint verdicts for every plugin under `root`, by folder: ok = no errors.
function lintVerdicts(root) {
  let text;
  try {
    text = execFileSync(wpt, ["lint", "--format", "json", root], { encoding: "utf8", maxBuffer: 1 << 28 });
  } catch (e) {
    text = e.stdout; // exit status 1 when errors are found
  }
  const out = new Map();
  for (const p of JSON.parse(text).plugins) {
    const errors = p.diagnostics.filter((d) => d.severity === "error");
    out.set(path.resolve(p.dir), { ok: errors.length === 0, why: errors.map((d) => d.message).slice(0, 3).join(" | ") });
  }
  return out;
}

// --- 1. Bundled cases and passing fixtures.
const good = [];
for (const parent of ["plugins", "tests/fixtures/plugins"])
  for (const name of fs.readdirSync(path.join(source, parent)).sort())
    if (fs.existsSync(path.join(source, parent, name, "plugin.json"))) good.push(path.join(source, parent, name));
for (const dir of good) {
  const s = schemaVerdict(dir);
  const l = lintVerdicts(dir).get(path.resolve(dir));
  if (!s.ok) fail(`${dir}: the schemas refuse a case the guide calls valid: ${s.why}`);
  if (!l || !l.ok) fail(`${dir}: wpt lint refuses it: ${l ? l.why : "not found"}`);
}

// --- 2. Broken fixtures. Each lint-only one names why a schema cannot see the mistake.
const LINT_ONLY_FIXTURES = {
  dangling_reference: "a reference to an id that is not defined",
  duplicate_ids: "two ids alike in one list",
  loop_no_ending: "a path that never ends",
  no_option_for_role: "a decision that offers a playable role nothing",
  dead_end: "a state with no option (found by playing every path)",
  no_branch: "a state where no branch applies (found by playing every path)",
};
let brokenCount = 0;
for (const parent of ["tests/fixtures/broken", "tests/fixtures/broken_runtime"]) {
  for (const name of fs.readdirSync(path.join(source, parent)).sort()) {
    const dir = path.join(source, parent, name);
    if (!fs.existsSync(path.join(dir, "plugin.json"))) continue;
    ++brokenCount;
    const s = schemaVerdict(dir);
    const l = lintVerdicts(dir).get(path.resolve(dir));
    const lintOnly = name in LINT_ONLY_FIXTURES;
    if (parent.endsWith("broken") && (!l || l.ok)) fail(`${dir}: wpt lint accepts a broken fixture`);
    if (lintOnly && !s.ok) fail(`${dir}: listed as lint-only (${LINT_ONLY_FIXTURES[name]}) but the schemas refuse it: ${s.why}`);
    if (!lintOnly && l && s.ok !== l.ok)
      fail(`${dir}: schemas ${s.ok ? "accept" : "refuse"}, lint ${l.ok ? "accepts" : "refuses"} (${s.why || l.why})`);
  }
}

// --- 3. The guide's JSON examples.
const guide = fs.readFileSync(path.join(source, "plugins/README.md"), "utf8");
const blocks = [...guide.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]);
const kinds = [
  ["procedures pack plugin.json", (j) => j.kind === "local_procedures", validateProceduresPlugin],
  ["plugin.json", (j) => "entry" in j, validatePlugin],
  ["option", (j) => "feedback" in j, def("option")],
  ["fact", (j) => "holders" in j, def("fact")],
  ["critical action", (j) => j.kind === "must_do" || j.kind === "must_avoid", def("critical_action")],
  ["cast member", (j) => "name" in j && "kind" in j, def("cast_member")],
  ["link", (j) => "from" in j && "to" in j, def("link")],
  ["decision node", (j) => j.type === "decision", def("decision_node")],
  ["ending node", (j) => j.type === "ending", def("ending_node")],
  ["narrative node", (j) => j.type === "narrative", def("narrative_node")],
];
let guideChecked = 0;
for (const block of blocks) {
  let value;
  try {
    value = JSON.parse(block);
  } catch {
    continue; // a fragment with "..." or a bare key; not a whole object
  }
  const kind = kinds.find(([, test]) => test(value));
  if (!kind) continue;
  ++guideChecked;
  if (!kind[2](value)) fail(`plugins/README.md: the guide's ${kind[0]} example is refused by the schema: ${errorsOf(kind[2])}`);
}
if (guideChecked < 5) fail(`plugins/README.md: only ${guideChecked} JSON examples were recognised (expected at least 5)`);

// --- 4. Mutations.
const ROLE_TEXT_KEYS = new Set(["text", "situation", "question"]);
const ID_MAPS = new Set(["dimensions", "scores", "views", "role_labels"]);
// Keys whose removal changes the case's logic (and so may break paths, a lint-only matter): not removed.
const LOGIC_KEYS = new Set(["when", "effects", "roles", "share", "set", "clear", "links", "critical", "facts", "flags",
  "critical_actions", "initial_map", "any", "reveals", "knows", "holders", "needed_by", "key", "to", "nodes", "cast",
  "stages", "dimensions", "start", "historical_map"]);

// A near miss: two letters swapped ("when" -> "wehn"), or the last letter dropped ("effects" -> "effect").
const typo = (k) => {
  const swapped = k.length < 3 ? k + k : k.slice(0, 1) + k[2] + k[1] + k.slice(3);
  return swapped !== k ? swapped : k.slice(0, -1);
};
const wrongType = (v) =>
  typeof v === "string" ? 42 : typeof v === "number" ? "seven" : typeof v === "boolean" ? "yes" : Array.isArray(v) ? {} : v === null ? 1 : "text";

function* objectsOf(value, pointer = "") {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; ++i) yield* objectsOf(value[i], `${pointer}/${i}`);
  } else if (value && typeof value === "object") {
    yield [pointer, value];
    for (const [k, v] of Object.entries(value)) yield* objectsOf(v, `${pointer}/${k}`);
  }
}
const shape = (pointer) => pointer.replace(/\/\d+/g, "/*");
const lastKey = (pointer) => pointer.split("/").pop();
const isRoleText = (pointer, value) => ROLE_TEXT_KEYS.has(lastKey(pointer)) && !Array.isArray(value) && typeof value === "object";
const isIdMap = (pointer) => ID_MAPS.has(lastKey(pointer));

function mutationsOf(base, playable, allRoles) {
  const out = [];
  const seen = new Map();
  for (const file of ["scenario", "plugin"]) {
    for (const [pointer, obj] of objectsOf(base[file])) {
      const kind = shape(pointer);
      const n = seen.get(file + kind) || 0;
      if (n >= 2) continue; // two instances of each kind of object are enough
      seen.set(file + kind, n + 1);
      const at = (j) => pointer.split("/").slice(1).reduce((o, k) => o[k], j[file]);
      const add = (name, edit, lintOnly = false) => out.push({ name: `${file}${pointer} ${name}`, file, edit: (j) => edit(at(j)), lintOnly });
      const roleText = isRoleText(pointer, obj);
      const idMap = isIdMap(pointer);
      for (const key of Object.keys(obj)) {
        if (key === "$schema") continue;
        if (!idMap && !roleText) {
          add(`rename "${key}" to "${typo(key)}"`, (o) => { o[typo(key)] = o[key]; delete o[key]; });
          if (!LOGIC_KEYS.has(key)) add(`remove "${key}"`, (o) => { delete o[key]; });
        }
        add(`"${key}" of the wrong type`, (o) => { o[key] = wrongType(o[key]); });
        // Emptying a list is a shape mistake where the format asks for at least one item; emptying a list of
        // definitions or effects (facts, flags, set...) only changes the case's logic, a lint-only matter.
        const emptyIsShape = !LOGIC_KEYS.has(key) || key === "holders" || key === "to" || (key === "roles" && !pointer.startsWith("/cast"));
        if (Array.isArray(obj[key]) && obj[key].length && emptyIsShape) add(`"${key}" empty`, (o) => { o[key] = []; });
        if (typeof obj[key] === "string" && key !== "_comment") add(`"${key}" empty text`, (o) => { o[key] = ""; });
      }
      if (!idMap && !roleText) add(`unknown key "colour"`, (o) => { o.colour = "red"; });
      add(`"_comment" added`, (o) => { o._comment = "a note"; });
      if (roleText) {
        const role = Object.keys(obj).find((k) => playable.includes(k));
        if (role) add(`role key "${role}" misspelt`, (o) => { o[typo(role)] = o[role]; delete o[role]; });
        const other = allRoles.find((r) => !playable.includes(r));
        add(`text for a real role that is not playable ("${other}")`, (o) => { o[other] = "x"; }, true);
        add(`per-role text with "default" only`, (o) => { for (const k of Object.keys(o)) if (k !== "default") delete o[k]; if (!o.default) o.default = "x"; });
      }
    }
  }
  return out;
}

function runMutations(baseDir, label) {
  const base = { plugin: readJson(path.join(baseDir, "plugin.json")), scenario: readJson(path.join(baseDir, "scenario.json")) };
  const allRoles = scenarioSchema.$defs.role_id.enum;
  const list = mutationsOf(base, base.plugin.roles, allRoles);
  const root = path.join(scratch, label);
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  list.forEach((m, i) => {
    const j = structuredClone(base);
    m.edit(j);
    const dir = path.join(root, `m${String(i).padStart(4, "0")}`);
    fs.mkdirSync(dir);
    // Each copy needs an id of its own (a duplicate id is an error); a mutation of "id" keeps its own.
    if (j.plugin.id === base.plugin.id) j.plugin.id = `m${i}`;
    fs.writeFileSync(path.join(dir, "plugin.json"), JSON.stringify(j.plugin, null, 2));
    fs.writeFileSync(path.join(dir, "scenario.json"), JSON.stringify(j.scenario, null, 2));
    m.dir = path.resolve(dir);
  });
  const lint = lintVerdicts(root);
  const tally = { bothRefuse: 0, bothAccept: 0, lintOnly: 0 };
  for (const m of list) {
    const s = schemaVerdict(m.dir);
    const l = lint.get(m.dir);
    if (!l) {
      fail(`${label}: ${m.name}: wpt lint did not report the folder`);
      continue;
    }
    if (m.lintOnly) {
      if (l.ok || !s.ok) fail(`${label}: ${m.name}: expected the lint to refuse and the schema to accept; lint ${l.ok ? "accepts" : "refuses"}, schema ${s.ok ? "accepts" : "refuses"} (${s.why})`);
      else ++tally.lintOnly;
    } else if (s.ok !== l.ok) {
      fail(`${label}: ${m.name}: schema ${s.ok ? "accepts" : "refuses"}${s.ok ? "" : ` (${s.why.trim()})`}, lint ${l.ok ? "accepts" : `refuses (${l.why})`}`);
    } else if (s.ok) ++tally.bothAccept;
    else ++tally.bothRefuse;
  }
  console.log(`${label}: ${list.length} mutations: ${tally.bothRefuse} refused by both, ${tally.bothAccept} accepted by both, ${tally.lintOnly} lint-only (a real role that is not playable)`);
  return list.length;
}

let total = 0;
total += runMutations(path.join(source, "tests/fixtures/plugins/maya_and_leo"), "maya_and_leo");
total += runMutations(path.join(source, "tests/fixtures/plugins/mini"), "mini");
// The mini fixture with a challenge point at d2 (its own escalation route, so every key of the format is
// present): the mutations reach the challenge's keys, its approaches' ratings and its route's steps.
{
  const dir = path.join(scratch, "mini_challenge_base");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const plugin = readJson(path.join(source, "tests/fixtures/plugins/mini/plugin.json"));
  const scenario = readJson(path.join(source, "tests/fixtures/plugins/mini/scenario.json"));
  const d2 = scenario.nodes.find((n) => n.id === "d2");
  d2.challenge = {
    agency: "csc",
    decision: "Children's social care closes the case after one visit.",
    roles: ["class_teacher"],
    approaches: [
      { id: "facts", text: "Ring with what school sees.", tone: "good", child_focus: "good", feedback: "About Sam." },
      { id: "complain", text: "Email a complaint.", tone: "poor", child_focus: "partial", feedback: "About the agencies." },
    ],
    reply: "One visit found food in the house.",
    escalation: [
      { who: "the social worker", how: "Talk to them.", within: "1 working day" },
      { who: "the managers", how: "In writing.", within: "2 working days" },
    ],
    resolves_at: 2,
    outcome: "The case is reopened.",
    why: "A first no is not the end.",
  };
  fs.writeFileSync(path.join(dir, "plugin.json"), JSON.stringify(plugin, null, 2));
  fs.writeFileSync(path.join(dir, "scenario.json"), JSON.stringify(scenario, null, 2));
  total += runMutations(dir, "mini_challenge");
}

console.log(`${good.length} valid cases, ${brokenCount} broken fixtures, ${guideChecked} guide examples, ${total} mutations checked`);
if (failures.length) {
  console.log(`\n${failures.length} disagreement(s):`);
  for (const f of failures) console.log("  " + f);
  process.exit(1);
}
console.log("the schemas, the lint and the guide agree");
