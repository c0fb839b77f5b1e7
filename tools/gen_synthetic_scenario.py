#!/usr/bin/env python3
"""Write a large synthetic scenario plugin, for timing `wpt lint`, `wpt test` and `wpt graph`.

usage: gen_synthetic_scenario.py OUT_DIR [--decisions N] [--per-stage K] [--seed S]

The output is deterministic for the same arguments and lints clean (0 errors, 0 warnings). Its shape
follows the bundled cases, scaled up: stages of K decisions; in each stage the first decision can set
a stage flag, later decisions offer an extra option only while it is set, and the last decision
branches on it into one of two narratives; the next stage's first decision clears it. Clearing flags keeps
the number of distinct run states growing with the number of decisions, not exponentially, as in real
cases. Three playable roles; every decision has perspectives for three roles, options with feedback,
views and guidance, and role-specific options.
"""
import argparse
import json
import os
import random
import sys

ROLES = ["class_teacher", "dsl", "social_worker"]
DIMENSIONS = {"information_sharing": 2, "timeliness": 1, "coordination": 1, "curiosity_challenge": 1}
WORDS = ("the school the family the worker notices asks records shares checks waits calls writes "
         "meeting referral visit plan concern note term week report answer follow-up").split()


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def feedback(rng):
    return {
        "outcome": sentence(rng, 18),
        "views": {"class_teacher": sentence(rng, 12), "social_worker": sentence(rng, 12)},
        "guidance": [{"ref": rng.choice(["wt_2023", "kcsie_2025", "info_sharing_2024"]), "section": "Chapter 2"}],
    }


def perspectives(rng):
    return [{"role": r, "knows": sentence(rng, 10), "thinks": sentence(rng, 10), "pressures": sentence(rng, 8)}
            for r in ["class_teacher", "social_worker", "gp"]]


def build(decisions, per_stage, seed):
    rng = random.Random(seed)
    stage_count = (decisions + per_stage - 1) // per_stage
    stages, facts, flags, criticals, nodes = [], [], [], [], []
    made = 0
    for k in range(stage_count):
        sid = f"s{k:03d}"
        count = min(per_stage, decisions - made)
        stages.append({"id": sid, "title": f"Stage {k + 1}", "date": f"Term {k + 1}"})
        flag = f"acted_{k:03d}"
        flags.append({"id": flag, "description": f"someone acted early in stage {k + 1}"})
        fact = f"fact_{k:03d}"
        facts.append({"id": fact, "stage": sid, "holders": ["class_teacher"], "text": sentence(rng, 14),
                      "key": True, "needed_by": ["social_worker", "dsl"]})
        critical = f"ca_{k:03d}"
        criticals.append({"id": critical, "kind": "must_do", "text": sentence(rng, 10)})
        last_stage = k == stage_count - 1
        good = "end_good" if last_stage else f"n{k:03d}_joined"
        plain = "end_poor" if last_stage else f"n{k:03d}_apart"
        for i in range(count):
            did = f"d{k:03d}_{i:03d}"
            nxt = f"d{k:03d}_{i + 1:03d}"
            options = []
            if i == 0:
                options.append({"id": "share", "text": sentence(rng, 9),
                                "effects": {"share": [{"fact": fact, "to": ["dsl", "social_worker"]}],
                                            "links": [{"from": "school", "to": "csc", "flow": "one_way",
                                                       "strength": "critical"}],
                                            "scores": {"information_sharing": 2, "timeliness": 1}, "set": [flag]},
                                "feedback": feedback(rng), "critical": critical})
                options.append({"id": "wait", "text": sentence(rng, 9), "effects": {"scores": {"timeliness": -1}},
                                "feedback": feedback(rng)})
            else:
                options.append({"id": "ask", "text": sentence(rng, 9),
                                "effects": {"scores": {"curiosity_challenge": 1}}, "feedback": feedback(rng)})
                options.append({"id": "note", "text": sentence(rng, 9), "effects": {"scores": {"timeliness": 0}},
                                "feedback": feedback(rng)})
                options.append({"id": "follow_up", "text": sentence(rng, 9), "when": {"flags": [flag]},
                                "effects": {"scores": {"coordination": 1}}, "feedback": feedback(rng)})
            options.append({"id": "teacher_only", "roles": ["class_teacher"], "text": sentence(rng, 9),
                            "effects": {"scores": {"information_sharing": 1}}, "feedback": feedback(rng)})
            options.append({"id": "sw_only", "roles": ["social_worker", "dsl"], "text": sentence(rng, 9),
                            "effects": {"scores": {"coordination": 1}}, "feedback": feedback(rng)})
            for o in options:
                if i == 0 and k > 0:  # the previous stage's flag has done its work: keeps states few
                    o.setdefault("effects", {})["clear"] = [f"acted_{k - 1:03d}"]
                if i == count - 1:
                    o["next"] = [{"when": {"flags": [flag]}, "to": good}, {"to": plain}]
                else:
                    o["next"] = nxt
            nodes.append({"id": did, "type": "decision", "stage": sid, "title": f"Decision {made + i + 1}",
                          "situation": {"default": sentence(rng, 25), "social_worker": sentence(rng, 25)},
                          "question": "What do you do?", "perspectives": perspectives(rng), "options": options})
        made += count
        if not last_stage:
            after = f"d{k + 1:03d}_000"
            nodes.append({"id": good, "type": "narrative", "stage": sid, "title": "Joined up",
                          "text": sentence(rng, 20), "next": after})
            nodes.append({"id": plain, "type": "narrative", "stage": sid, "title": "Apart",
                          "text": sentence(rng, 20), "next": after})
    last = stages[-1]["id"]
    for eid, title in (("end_good", "Together"), ("end_poor", "Apart")):
        nodes.append({"id": eid, "type": "ending", "stage": last, "title": title, "text": sentence(rng, 20),
                      "what_happened": sentence(rng, 20), "proposals": [sentence(rng, 10)],
                      "prompts": [{"step": s, "text": sentence(rng, 10)} for s in (1, 2, 3, 4)]})
    nodes.insert(0, {"id": "intro", "type": "narrative", "stage": stages[0]["id"], "title": "Start",
                     "text": sentence(rng, 20), "next": "d000_000"})
    scenario = {
        "format_version": 1,
        "title": f"Synthetic case ({decisions} decisions)",
        "child": {"name": "Sam", "age": 9, "summary": "A fictional child for timing tests."},
        "case_summary": "Generated text for measuring the tools; not a case.",
        "cast": [
            {"id": "child", "name": "Sam", "kind": "child", "roles": []},
            {"id": "school", "name": "A primary school", "kind": "school", "roles": ["class_teacher", "dsl"]},
            {"id": "csc", "name": "Children's social care", "kind": "social_care", "roles": ["social_worker"]},
            {"id": "gp", "name": "GP practice", "kind": "health", "roles": ["gp"]},
        ],
        "dimensions": DIMENSIONS,
        "stages": stages,
        "facts": facts,
        "flags": flags,
        "critical_actions": criticals,
        "initial_map": [{"from": "school", "to": "child", "flow": "two_way", "strength": "critical"}],
        "historical_map": {"links": [{"from": "school", "to": "csc", "flow": "one_way", "strength": "peripheral"}],
                           "note": "Generated."},
        "start": "intro",
        "nodes": nodes,
    }
    manifest = {
        "id": "synthetic", "name": f"Synthetic ({decisions} decisions)", "version": "1.0.0", "kind": "scenario",
        "format_version": 1, "entry": ["scenario.json"], "roles": ROLES,
        "summary": "Generated for timing the authoring tools.", "complexity": "complex", "minutes": 600,
        "content_warnings": ["none (generated placeholder text)"],
    }
    return manifest, scenario


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir")
    ap.add_argument("--decisions", type=int, default=2000)
    ap.add_argument("--per-stage", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    if a.decisions < 1 or a.per_stage < 2:
        ap.error("--decisions must be at least 1 and --per-stage at least 2")
    manifest, scenario = build(a.decisions, a.per_stage, a.seed)
    os.makedirs(a.out_dir, exist_ok=True)
    with open(os.path.join(a.out_dir, "plugin.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    with open(os.path.join(a.out_dir, "scenario.json"), "w", encoding="utf-8") as f:
        json.dump(scenario, f, indent=1)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
