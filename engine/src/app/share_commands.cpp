// Sharing cases from the app (issue 14 items 4 and 5): a .wpcase opened from the library or the
// command line is checked at the edge, then the user is asked (with both versions when a copy is
// installed) and only then installed; author mode's "Review" tab writes the review sheet, checks an
// edited one as a dry run before applying it, and packs the case. Files are read and written by the
// effect runner; these handlers only decide and put the results into the state.
#include "handlers.h"

#include "wholepicture/core/lists.h"

namespace wp::app::detail {

namespace {

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\r' || text.back() == '\t'))
        text.pop_back();
    size_t start = 0;
    while (start < text.size() && (text[start] == ' ' || text[start] == '\t')) ++start;
    return text.substr(start);
}

std::string versionText(const std::string& v) { return v.empty() ? std::string("no version") : "version " + v; }

// The diagnostics as lines, those at most as mild as `upTo` (Error: errors only; Warning: and warnings).
std::vector<std::string> formatted(const Diagnostics& diags, Severity upTo = Severity::Note) {
    std::vector<std::string> out;
    for (const auto& d : diags)
        if (static_cast<int>(d.severity) <= static_cast<int>(upTo)) out.push_back(formatDiagnostic(d));
    return out;
}

std::string lintSummary(const Diagnostics& diags) {
    const size_t errors = countSeverity(diags, Severity::Error);
    const size_t warnings = countSeverity(diags, Severity::Warning);
    if (errors + warnings == 0) return "No errors or warnings.";
    return std::to_string(errors) + (errors == 1 ? " error, " : " errors, ") + std::to_string(warnings) +
           (warnings == 1 ? " warning." : " warnings.");
}

// Every problem of a file that cannot be installed, as status lines: each names the file, the place
// and the fix (formatDiagnostic), under one topic so a second try replaces them.
void reportRefusal(Context& c, const std::string& path, const Diagnostics& diags, const std::string& what) {
    std::string text = what + " " + path + ":";
    for (const auto& line : formatted(diags, Severity::Warning)) text += "\n" + line;
    c.report(StatusKind::Error, text, "install");
}

bool authorFolderIs(const AppState& s, const std::filesystem::path& dir) { return s.author && s.author->dir == dir; }

} // namespace

bool handle(Context& c, const OpenCaseFile& cmd) {
    const std::string path = trimmed(cmd.path);
    if (path.empty()) {
        c.report(StatusKind::Warning, "Type the path of a case file (it ends in .wpcase).", "install");
        return false;
    }
    c.effects.push_back(CheckCaseFile{path});
    return true;
}

bool handle(Context& c, const InstallCaseFile& cmd) {
    if (trimmed(cmd.path).empty()) return false;
    c.effects.push_back(InstallCase{trimmed(cmd.path), cmd.replace});
    return true;
}

bool handle(Context& c, const CaseFileChecked& cmd) {
    if (cmd.outcome == InstallOutcome::Refused || hasErrors(cmd.diagnostics)) {
        reportRefusal(c, cmd.path, cmd.diagnostics, "Cannot install");
        return true;
    }
    Confirmation q;
    const std::string name = cmd.title.empty() ? cmd.id : cmd.title;
    q.facts.push_back({"case", "Case", name});
    q.facts.push_back({"id", "Id", cmd.id});
    q.facts.push_back({"lint", "Checked", lintSummary(cmd.diagnostics)});
    q.notes = formatted(cmd.diagnostics, Severity::Warning);
    if (cmd.outcome == InstallOutcome::AlreadyInstalled) {
        const std::string relation = compareVersions(cmd.version, cmd.existingVersion);
        q.question = "Replace the installed copy of " + name + "?";
        q.detail = "A copy of this case is already in your plugins folder. It is replaced only if you say so; "
                   "your runs of it are kept either way.";
        q.facts.push_back({"file-version", "This file",
                           versionText(cmd.version) + (relation.empty() ? std::string() : " (" + relation + ")")});
        q.facts.push_back(
            {"installed-version", "Installed", versionText(cmd.existingVersion) + ", in " + cmd.existingFolder});
        q.yesLabel = "Replace";
        q.noLabel = "Keep the installed one";
        q.onYes = InstallCaseFile{cmd.path, true};
    } else {
        q.question = "Install " + name + "?";
        q.detail = "The case is copied into your plugins folder and appears in the library.";
        q.facts.push_back({"file-version", "Version", versionText(cmd.version)});
        q.facts.push_back({"folder", "Installed in", cmd.folder});
        q.yesLabel = "Install";
        q.noLabel = "Cancel";
        q.onYes = InstallCaseFile{cmd.path, false};
    }
    c.s.confirm = std::move(q);
    return true;
}

bool handle(Context& c, const CaseFileInstalled& cmd) {
    AppState& s = c.s;
    switch (cmd.outcome) {
    case InstallOutcome::Refused: reportRefusal(c, cmd.path, cmd.diagnostics, "Not installed"); return true;
    case InstallOutcome::AlreadyInstalled: {
        // A copy appeared between the question and the answer: ask again, with both versions.
        CaseFileChecked again{cmd.path,   cmd.outcome,         cmd.id,         cmd.title, cmd.version, cmd.folder,
                              cmd.folder, cmd.existingVersion, cmd.diagnostics};
        return handle(c, again);
    }
    case InstallOutcome::Installed:
    case InstallOutcome::Replaced: break;
    }
    const std::string name = cmd.title.empty() ? cmd.id : cmd.title;
    std::string text =
        (cmd.outcome == InstallOutcome::Replaced
             ? "Replaced " + name + " (" + versionText(cmd.existingVersion) + ") with " + versionText(cmd.version)
             : "Installed " + name + " (" + cmd.id + ", " + versionText(cmd.version) + ")") +
        " in " + cmd.folder + ".";
    // The library takes the installed folder as discovery would: a copy given with --plugins, the
    // author's open folder and a case being played or run in a room keep theirs until the next start.
    const int existing = [&] {
        for (size_t i = 0; i < s.library.size(); ++i)
            if (s.library[i].manifest.id == cmd.id) return static_cast<int>(i);
        return -1;
    }();
    std::string held;
    if (existing >= 0 && s.library[static_cast<size_t>(existing)].origin == PluginOrigin::CommandLine)
        held = "The copy given with --plugins (" + s.library[static_cast<size_t>(existing)].dir.string() +
               ") is used while the app runs with it.";
    else if (s.author && s.author->playingId == cmd.id)
        held = "Author mode has this case open: the installed copy is used once author mode is closed and the app "
               "restarted.";
    else if ((s.session && s.session->pluginId == cmd.id) || (s.room && s.room->pluginId == cmd.id))
        held = "A run of this case is open: the new version is used from the next start of the app.";
    if (!held.empty()) {
        c.report(StatusKind::Info, text + " " + held, "install");
        return true;
    }
    if (cmd.plugin) {
        if (existing >= 0)
            s.library[static_cast<size_t>(existing)] = *cmd.plugin;
        else
            s.library.push_back(*cmd.plugin);
    }
    if (cmd.plugin && cmd.plugin->usable()) {
        text += " It is in the library now.";
        s.justInstalled = cmd.id;
    }
    c.report(StatusKind::Info, text, "install");
    s.screen = Screen::Library;
    return true;
}

bool handle(Context& c, const PluginLoaded& cmd) {
    // Only a card still waiting takes the result: a case loaded meanwhile (finishPendingLoad, an
    // install, author mode) keeps what it has.
    for (auto& p : c.s.library) {
        if (!p.pending || p.dir != cmd.plugin.dir) continue;
        const PluginOrigin origin = p.origin;
        p = cmd.plugin;
        p.origin = origin;
        p.pending = false;
        return true;
    }
    return false;
}

bool handle(Context& c, const ExportReviewSheet& cmd) {
    if (!c.s.author) return false;
    const std::string folder = trimmed(cmd.folder);
    if (folder.empty()) {
        c.s.author->review.exportProblems = {"Type the folder to write the review sheet into."};
        return false;
    }
    const AuthorMode& a = *c.s.author;
    c.effects.push_back(WriteReviewSheet{
        a.dir, folder, a.loaded.manifest.id.empty() ? a.dir.filename().string() : a.loaded.manifest.id});
    return true;
}

bool handle(Context& c, const CheckReviewSheet& cmd) {
    if (!c.s.author) return false;
    const std::string csv = trimmed(cmd.csv);
    if (csv.empty()) {
        AuthorReview& r = c.s.author->review;
        r.checkedCsv.clear();
        r.importProblems = {"Type the path of the edited review sheet (a .csv file)."};
        return false;
    }
    c.effects.push_back(ReadReviewSheet{c.s.author->dir, csv, true});
    return true;
}

bool handle(Context& c, const ApplyReviewSheet&) {
    if (!c.s.author) return false;
    const AuthorReview& r = c.s.author->review;
    // Only a sheet whose dry run refused nothing and changes something is applied.
    if (r.checkedCsv.empty() || r.importApplied || !r.importOk || r.summary.changed == 0) return false;
    c.effects.push_back(ReadReviewSheet{c.s.author->dir, r.checkedCsv, false});
    return true;
}

bool handle(Context& c, const PackAuthorCase& cmd) {
    if (!c.s.author) return false;
    const std::string folder = trimmed(cmd.folder);
    if (folder.empty()) {
        c.s.author->review.packProblems = {"Type the folder to write the case file into."};
        return false;
    }
    c.effects.push_back(WriteCasePack{c.s.author->dir, folder});
    return true;
}

bool handle(Context& c, const ReviewSheetExported& cmd) {
    if (!authorFolderIs(c.s, cmd.dir)) return false;
    AuthorReview& r = c.s.author->review;
    r.exportedTo = cmd.ok ? cmd.file : std::string();
    r.exportedTexts = cmd.texts;
    r.exportProblems = cmd.ok ? formatted(cmd.diagnostics, Severity::Warning) : formatted(cmd.diagnostics);
    return true;
}

bool handle(Context& c, const ReviewSheetRead& cmd) {
    if (!authorFolderIs(c.s, cmd.dir)) return false;
    AuthorReview& r = c.s.author->review;
    r.checkedCsv = cmd.csv;
    r.importApplied = !cmd.dryRun && cmd.summary.written;
    r.importOk = !hasErrors(cmd.diagnostics);
    r.summary = cmd.summary;
    r.importProblems = formatted(cmd.diagnostics);
    // Each refused row is an error at its line; a file that cannot be read is one without.
    r.refusedRows = 0;
    for (const auto& d : cmd.diagnostics) r.refusedRows += d.severity == Severity::Error && d.line > 0 ? 1 : 0;
    // The texts changed on disk: the case is loaded again (the watcher would too; Reload-only folders
    // need this), and the lint's verdict shows in the status line.
    if (r.importApplied) c.effects.push_back(ReloadAuthorFolderFiles{cmd.dir});
    return true;
}

bool handle(Context& c, const AuthorCasePacked& cmd) {
    if (!authorFolderIs(c.s, cmd.dir)) return false;
    AuthorReview& r = c.s.author->review;
    r.packedTo = cmd.ok ? cmd.file : std::string();
    r.packedFiles = cmd.files;
    r.packProblems = cmd.ok ? std::vector<std::string>{} : formatted(cmd.diagnostics, Severity::Error);
    if (!cmd.ok && r.packProblems.empty()) r.packProblems = formatted(cmd.diagnostics);
    return true;
}

} // namespace wp::app::detail
