// wpt format: rewrites a case's two files in the case editor's layout (two-space indents, keys in the
// order written, a final newline), so that a case written by hand and then edited in the app shows only
// the app's edits in `git diff`. Values and key order are kept exactly; only the spacing changes.
//
//   wpt format PLUGIN_DIR... [--check]
#include <filesystem>
#include <iostream>

#include "commands.h"
#include "common.h"
#include "wholepicture/core/case_document.h"
#include "wholepicture/core/json_file.h"

namespace {

namespace fs = std::filesystem;

constexpr const char* kUsage = "format PLUGIN_DIR... [--check]";

int runFormat(const std::vector<std::string>& args) {
    std::vector<std::string> dirs;
    bool check = false;
    for (const std::string& x : args) {
        if (x == "-h" || x == "--help") {
            std::cout << "usage: wpt " << kUsage << "\n\n"
                         "Writes plugin.json and the scenario file of each case folder in the layout the case editor\n"
                         "saves in: two-space indents, keys in the order they are written, one value per line, a final\n"
                         "newline. Nothing else changes: the same keys, values and order. Do it once on a case written by\n"
                         "hand, and later edits in the app show in `git diff` as the lines they change.\n"
                         "--check writes nothing and lists the files that are not in that layout yet.\n"
                         "Exit status: 0 done (or, with --check, every file already in the layout); 1 a file could not\n"
                         "be read, parsed or written (or, with --check, a file would change); 2 usage error.\n";
            return 0;
        }
        if (x == "--check") check = true;
        else if (x.rfind("-", 0) == 0 && x.size() > 1) return wpt::usageError("format", "unknown option " + x);
        else dirs.push_back(x);
    }
    if (dirs.empty()) return wpt::usageError("format", "give at least one case folder (the one with plugin.json)");
    int status = 0;
    for (const std::string& dir : dirs) {
        wp::Diagnostics diags;
        const auto doc = wp::readCaseDocument(dir, diags);
        if (!doc) {
            for (const auto& d : diags) std::cerr << wp::formatDiagnostic(d) << "\n";
            std::cerr << "wpt format: " << dir << " not formatted: mend the error above first (wpt lint " << dir << ")\n";
            status = 1;
            continue;
        }
        for (const wp::CaseFile file : {wp::CaseFile::Manifest, wp::CaseFile::Scenario}) {
            const fs::path path = fs::path(dir) / doc->fileName(file);
            const std::string wanted = wp::canonicalJsonText(doc->file(file));
            wp::Diagnostics readDiags;
            const auto current = wp::readFileInFolder(dir, doc->fileName(file), readDiags);
            if (current && *current == wanted) {
                std::cout << path.string() << ": already in the editor's layout\n";
                continue;
            }
            if (check) {
                std::cout << path.string() << ": would be reformatted\n";
                status = 1;
                continue;
            }
            wp::Diagnostics writeDiags;
            if (!wp::writeFileAtomically(path, wanted, writeDiags)) {
                for (const auto& d : writeDiags) std::cerr << wp::formatDiagnostic(d) << "\n";
                status = 1;
                continue;
            }
            std::cout << path.string() << ": reformatted\n";
        }
    }
    return status;
}

[[maybe_unused]] const bool kRegistered = wpt::registerCommand(
    {"format", kUsage, "write a case's files in the case editor's layout (--check: only list those that differ)", &runFormat, true});

} // namespace
