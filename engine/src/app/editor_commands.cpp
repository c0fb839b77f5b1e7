// The case editor's commands (issue 14 item 3). The document, its edits and undo are core
// (core/case_document.h); this file keeps them in author mode's state and asks the edge to read, lint
// and write. The draft is the trainer's work: nothing here drops it without asking, and a file changed
// outside the editor never silently replaces unsaved edits.
#include "handlers.h"
#include "wholepicture/core/case_scaffold.h"

namespace wp::app {
namespace detail {

namespace {

CaseEditor* editorOf(AppState& s) { return s.author && s.author->editor ? &*s.author->editor : nullptr; }

// Each check also keeps a copy of unsaved edits outside the folder (or forgets it once the files hold
// them), so closing the app or a crash loses nothing: the next opening offers them back.
void lintDraft(Context& c, const CaseEditor& e, bool leaveCopy = false) {
    const DraftCopy copy = leaveCopy ? DraftCopy::Leave : e.history.dirty() ? DraftCopy::Keep : DraftCopy::Forget;
    c.effects.push_back(LintCaseDraft{e.doc.dir, canonicalJsonText(e.doc.manifest), canonicalJsonText(e.doc.scenario),
                                      e.history.revision(), copy, c.nowMs});
}

// After an undo or redo the selected item may be gone (an undone "Add option"): show its nearest parent
// that the outline lists (a whole top-level list such as /nodes is not one: then the case's details).
void keepSelectionValid(CaseEditor& e) {
    while (!e.selected.empty()) {
        const OrderedJson* value = valueAt(e.doc.file(e.file), e.selected);
        if (value && !(parentPointer(e.selected).empty() && value->is_array())) return;
        e.selected = parentPointer(e.selected);
    }
}

void save(Context& c, CaseEditor& e) {
    c.effects.push_back(WriteCaseDraft{e.doc.dir, e.doc.entry, canonicalJsonText(e.doc.manifest),
                                       canonicalJsonText(e.doc.scenario), e.history.revision()});
}

} // namespace

bool handle(Context& c, const OpenCaseEditor&) {
    AppState& s = c.s;
    if (!s.author) return false;
    if (s.author->editor) { // back to the draft as it was left, its undo included
        s.screen = Screen::CaseEditor;
        return true;
    }
    c.effects.push_back(ReadCaseDraft{s.author->dir, false});
    return true;
}

bool handle(Context& c, const CreateCase& cmd) {
    if (std::string problem = caseIdProblem(cmd.id); !problem.empty()) {
        c.report(StatusKind::Warning, "New case: " + problem + ".", "new-case");
        return false;
    }
    if (cmd.roles.empty()) {
        c.report(StatusKind::Warning, "New case: choose at least one role to play it as.", "new-case");
        return false;
    }
    c.effects.push_back(WriteNewCase{cmd.folder, cmd.id, cmd.roles});
    return true;
}

bool handle(Context& c, const CaseCreated& cmd) {
    if (!cmd.ok) {
        c.report(StatusKind::Error,
                 "New case not created: " + (cmd.diagnostics.empty() ? std::string("the folder could not be written")
                                                                       : formatDiagnostic(cmd.diagnostics.front())) + ".",
                 "new-case");
        return false;
    }
    c.report(StatusKind::Info, "Created " + cmd.dir.string() + ": a small case that plays for every role, to make your own.", "new-case");
    return handle(c, OpenAuthorFolder{cmd.dir.string(), true});
}

bool handle(Context& c, const CaseEditorOpened& cmd) {
    AppState& s = c.s;
    if (!s.author || s.author->dir != cmd.dir) return false; // author mode moved on meanwhile
    if (!cmd.doc) {
        if (cmd.refresh) return false; // the Problems tab already shows why the files do not parse
        std::string why = cmd.diagnostics.empty() ? std::string("the case could not be read") : formatDiagnostic(cmd.diagnostics.front());
        c.report(StatusKind::Error, "The case editor cannot open this case until its files parse: " + why +
                                        ". Mend it in a text editor (the Problems tab shows the place), then try again.",
                 "case-editor");
        return false;
    }
    if (!cmd.refresh || !s.author->editor) {
        if (cmd.refresh) return false;
        CaseEditor e;
        e.doc = *cmd.doc;
        e.scenarioGuide = cmd.scenarioGuide;
        e.manifestGuide = cmd.manifestGuide;
        if (!e.scenarioGuide || !e.manifestGuide)
            e.note = "The format's schemas could not be read: the forms show no help texts.";
        bool keepTheCopy = false; // a copy that could not be restored is never forgotten by the first check
        if (cmd.unsaved) {
            // One undoable step over the saved files: Save keeps the edits, Undo drops them.
            std::string problem;
            const std::vector<CaseEdit> restore{{CaseEdit::Op::Set, CaseFile::Manifest, "", cmd.unsaved->manifest},
                                                {CaseEdit::Op::Set, CaseFile::Scenario, "", cmd.unsaved->scenario}};
            if (performCaseEdits(e.doc, e.history, restore, "Restore unsaved edits", false, &problem)) {
                e.history.endTyping();
                e.note = "Restored the edits that were not saved" +
                         (cmd.unsavedKeptMs > 0 ? " when the app closed (last change: " + dayAndTimeText(cmd.unsavedKeptMs) + ")" : std::string()) +
                         ". Save (Ctrl+S) to keep them, or Undo (Ctrl+Z) to go back to the saved files.";
            } else {
                keepTheCopy = true;
                e.problem = "The edits kept from when the app last closed could not be restored (" + problem +
                            "). The copy stays in unsaved-cases/ under your state folder (copy it somewhere safe now): your next edit here replaces it.";
            }
        }
        s.author->editor = std::move(e);
        s.screen = Screen::CaseEditor;
        lintDraft(c, *s.author->editor, keepTheCopy);
        return true;
    }
    // A re-read after a reload: the editor's own save reads back the same; anything else was edited outside.
    CaseEditor& e = *s.author->editor;
    if (canonicalJsonText(cmd.doc->manifest) == canonicalJsonText(e.doc.manifest) &&
        canonicalJsonText(cmd.doc->scenario) == canonicalJsonText(e.doc.scenario))
        return false;
    if (e.history.dirty()) {
        e.note = "The files were changed outside the editor. Saving here replaces those changes with what you see; "
                 "Undo back to the last save and close the editor to keep them instead.";
        return true;
    }
    e.doc = *cmd.doc;
    e.history = CaseEditHistory{};
    keepSelectionValid(e);
    e.note = "Reloaded: the files were changed outside the editor.";
    lintDraft(c, e);
    return true;
}

bool handle(Context& c, const EditCase& cmd) {
    CaseEditor* e = editorOf(c.s);
    if (!e || cmd.edits.empty()) return false;
    std::string problem;
    if (!performCaseEdits(e->doc, e->history, cmd.edits, cmd.label, cmd.typing, &problem)) {
        e->problem = cmd.label + ": " + problem;
        return true;
    }
    e->problem.clear();
    if (!cmd.select.empty()) e->selected = cmd.select;
    lintDraft(c, *e);
    return true;
}

bool handle(Context& c, const EndTyping&) {
    CaseEditor* e = editorOf(c.s);
    if (!e || e->history.undo.empty() || e->history.undo.back().typingPointer.empty()) return false;
    e->history.endTyping();
    return true;
}

bool handle(Context& c, const EditorUndo&) {
    CaseEditor* e = editorOf(c.s);
    if (!e || !undoCaseEdit(e->doc, e->history)) return false;
    keepSelectionValid(*e);
    e->problem.clear();
    lintDraft(c, *e);
    return true;
}

bool handle(Context& c, const EditorRedo&) {
    CaseEditor* e = editorOf(c.s);
    if (!e || !redoCaseEdit(e->doc, e->history)) return false;
    keepSelectionValid(*e);
    e->problem.clear();
    lintDraft(c, *e);
    return true;
}

bool handle(Context& c, const SelectInEditor& cmd) {
    CaseEditor* e = editorOf(c.s);
    if (!e || !valueAt(e->doc.file(cmd.file), cmd.pointer)) return false;
    e->history.endTyping();
    e->file = cmd.file;
    e->selected = cmd.pointer;
    return true;
}

bool handle(Context& c, const SaveCaseDraft&) {
    CaseEditor* e = editorOf(c.s);
    if (!e) return false;
    if (!e->history.dirty()) {
        e->note = "Nothing to save: the files already hold what you see.";
        return true;
    }
    save(c, *e);
    return true;
}

bool handle(Context& c, const PlayDraftFrom& cmd) {
    CaseEditor* e = editorOf(c.s);
    if (!e) return false;
    if (e->linted() && hasErrors(e->diagnostics)) {
        e->problem = "Play from here: mend the problems marked in red first (a case with errors cannot be played).";
        return true;
    }
    if (!e->history.dirty()) return handle(c, PlayFromNode{cmd.node, cmd.role});
    e->playNode = cmd.node;
    e->playRole = cmd.role;
    save(c, *e);
    return true;
}

bool handle(Context& c, const CaseDraftLinted& cmd) {
    CaseEditor* e = editorOf(c.s);
    if (!e || e->doc.dir != cmd.dir) return false;
    // Results for a revision the trainer has typed past are dropped (the newer one is on its way),
    // except that an undo can return to exactly that revision.
    if (cmd.revision != e->history.revision()) return false;
    e->diagnostics = cmd.diagnostics;
    e->lintedRevision = cmd.revision;
    return true;
}

bool handle(Context& c, const CaseDraftSaved& cmd) {
    CaseEditor* e = editorOf(c.s);
    if (!e || e->doc.dir != cmd.dir) return false;
    if (!cmd.ok) {
        e->problem = "Not saved: " + (cmd.diagnostics.empty() ? std::string("the files could not be written")
                                                               : formatDiagnostic(cmd.diagnostics.front())) +
                     ". Your edits are still here; try again, or copy the folder somewhere writable.";
        e->playNode.clear();
        c.report(StatusKind::Error, e->problem, "case-editor-save");
        return true;
    }
    e->history.savedRevision = cmd.revision;
    e->note = loadStatusText("Saved", c.nowMs, e->linted() ? e->diagnostics : Diagnostics{});
    if (e->linted() && hasErrors(e->diagnostics))
        e->note += ". The library keeps playing the last version without errors";
    // The watcher reloads on the save; the explicit reload covers a folder that cannot be watched.
    c.effects.push_back(ReloadAuthorFolderFiles{cmd.dir});
    return true;
}

void editorFollowsReload(Context& c) {
    CaseEditor* e = editorOf(c.s);
    if (!e) return;
    c.effects.push_back(ReadCaseDraft{e->doc.dir, true});
    if (e->playNode.empty() || e->history.dirty()) return;
    const PlayFromNode play{e->playNode, e->playRole};
    e->playNode.clear();
    e->playRole.clear();
    if (c.s.author->loaded.usable()) (void)handle(c, play);
}

} // namespace detail
} // namespace wp::app
