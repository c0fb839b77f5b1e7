// The case editor's effects: reading the author's folder for editing, linting drafts on one thread of
// their own, and writing the two files. Nothing thrown here leaves the runner: a problem comes back as
// a command with diagnostics, and the draft in the state is never touched from here.

#include "wholepicture/app/effect_runner.h"
#include "wholepicture/core/case_scaffold.h"
#include "wholepicture/core/json_file.h"
#include "wholepicture/core/loader.h"
#include "wholepicture/core/paths.h"
#include "wholepicture/core/unsaved_draft.h"

namespace wp::app {

namespace fs = std::filesystem;

namespace {

std::shared_ptr<const FormatGuide> readGuide(const KnowledgeBase& kb, const char* file) {
    Diagnostics ignored; // no schema: forms without help texts (the editor says so)
    auto guide = loadFormatGuide(kb.dir / "schema" / file, ignored);
    return guide ? std::make_shared<const FormatGuide>(std::move(*guide)) : nullptr;
}

// The file's bytes, or "" when it cannot be read (then it is written).
std::string currentText(const fs::path& file) {
    Diagnostics ignored;
    auto text = readFileSafely(file, ignored, {}, kMaxPluginFileBytes);
    return text ? *text : std::string();
}

} // namespace

void EffectRunner::readCaseDraft(const fs::path& dir, bool refresh) {
    background(
        [this, dir, refresh] {
            CaseEditorOpened out;
            out.dir = dir;
            out.refresh = refresh;
            out.doc = readCaseDocument(dir, out.diagnostics);
            if (!refresh) {
                out.scenarioGuide = readGuide(m_knowledge, "scenario.schema.json");
                out.manifestGuide = readGuide(m_knowledge, "plugin.schema.json");
                // Edits left unsaved last time: offered back only when they still differ from the files.
                if (auto kept = readUnsavedDraft(appPaths().stateDir, dir); kept && out.doc) {
                    Diagnostics ignored;
                    auto doc = caseDocumentFromTexts(dir, kept->manifestText, kept->scenarioText, ignored);
                    if (doc && (canonicalJsonText(doc->manifest) != canonicalJsonText(out.doc->manifest) ||
                                canonicalJsonText(doc->scenario) != canonicalJsonText(out.doc->scenario))) {
                        doc->entry = out.doc->entry;
                        out.unsaved = std::move(doc);
                        out.unsavedKeptMs = kept->keptMs;
                    } // else saved after all: the first check of the draft forgets the copy
                }
            }
            m_queue.post(std::move(out));
        },
        "read " + dir.string() + " for editing");
}

void EffectRunner::writeNewCase(const WriteNewCase& job, bool write) {
    const fs::path folder = job.folder.empty() ? pluginsDir() : resolveUserPath(job.folder);
    const fs::path target = folder / job.id;
    if (!write) {
        m_queue.post(CaseCreated{false, target, {{Severity::Error, target.string(), 0, 0, "", "this run of the app does not change your files"}}});
        return;
    }
    background(
        [this, target, job] {
            CaseCreated out{false, target, {}};
            out.ok = createCaseFolder(target, job.id, job.roles, m_knowledge, m_knowledge.dir, out.diagnostics);
            m_queue.post(std::move(out));
        },
        "create " + target.string());
}

void EffectRunner::lintLoop() {
    while (true) {
        LintCaseDraft job;
        {
            std::unique_lock lock(m_lintMutex);
            m_lintWake.wait(lock, [this] { return m_stopping || m_lintJob.has_value(); });
            if (m_stopping) return;
            job = std::move(*m_lintJob);
            m_lintJob.reset();
        }
        try {
            keepOrForgetDraft(job);
            ScenarioPlugin linted = loadPluginFromTexts(job.dir, job.manifestText, job.scenarioText, m_knowledge);
            m_queue.post(CaseDraftLinted{job.dir, job.revision, std::move(linted.diagnostics)});
        } catch (const std::exception& e) {
            m_queue.post(Notice{StatusKind::Error, std::string("Could not check the case being edited: ") + e.what(), "case-editor"});
        } catch (...) {
            m_queue.post(Notice{StatusKind::Error, "Could not check the case being edited.", "case-editor"});
        }
    }
}

// On the lint thread, with the draft it was given: the newest draft replaces a waiting one, so a fast
// typist's keys cost one write per check, not one per key.
void EffectRunner::keepOrForgetDraft(const LintCaseDraft& job) {
    if (job.copy == DraftCopy::Leave) return;
    if (job.copy == DraftCopy::Forget) {
        forgetUnsavedDraft(appPaths().stateDir, job.dir);
        return;
    }
    Diagnostics diags;
    if (!keepUnsavedDraft(appPaths().stateDir, {job.dir, job.manifestText, job.scenarioText, job.nowMs}, diags) && !m_warnedDraftCopy) {
        m_warnedDraftCopy = true; // once: the editor still works, only the safety copy is missing
        m_queue.post(Notice{StatusKind::Warning,
                            "Unsaved edits cannot be kept for a crash (" + (diags.empty() ? std::string("no reason given") : formatDiagnostic(diags.front())) +
                                "): save often.",
                            "case-editor-copy"});
    }
}

void EffectRunner::lintCaseDraft(LintCaseDraft job) {
    if (m_options.loadFoldersInline) { // tests and screenshots: the result is there before the next frame
        keepOrForgetDraft(job);
        ScenarioPlugin linted = loadPluginFromTexts(job.dir, job.manifestText, job.scenarioText, m_knowledge);
        m_queue.post(CaseDraftLinted{job.dir, job.revision, std::move(linted.diagnostics)});
        return;
    }
    {
        std::lock_guard lock(m_lintMutex);
        m_lintJob = std::move(job);
    }
    if (!m_lintThread.joinable()) m_lintThread = std::thread([this] { lintLoop(); });
    m_lintWake.notify_one();
}

void EffectRunner::writeCaseDraft(const WriteCaseDraft& job, bool write) {
    if (!write) {
        m_queue.post(CaseDraftSaved{job.dir, job.revision, false,
                                    {{Severity::Error, job.dir.string(), 0, 0, "", "this run of the app does not change your files"}}});
        return;
    }
    background(
        [this, job] {
            CaseDraftSaved out{job.dir, job.revision, true, {}};
            // A file whose bytes are already these is left alone: no watcher event, no new modification time.
            for (const auto& [name, text] : {std::pair<std::string, const std::string*>{job.entry, &job.scenarioText},
                                             std::pair<std::string, const std::string*>{"plugin.json", &job.manifestText}}) {
                if (!relativePathProblem(name).empty()) {
                    out.ok = false;
                    out.diagnostics.push_back({Severity::Error, (job.dir / "plugin.json").string(), 0, 0, "/entry/0",
                                               "entry \"" + name + "\" " + relativePathProblem(name)});
                    break;
                }
                const fs::path file = job.dir / name;
                if (currentText(file) == *text) continue;
                if (!writeFileAtomically(file, *text, out.diagnostics)) {
                    out.ok = false;
                    break;
                }
            }
            if (out.ok) forgetUnsavedDraft(appPaths().stateDir, job.dir); // the files hold it now
            m_queue.post(std::move(out));
        },
        "save " + job.dir.string());
}

} // namespace wp::app
