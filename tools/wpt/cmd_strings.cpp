// wpt strings: review a case's texts in a spreadsheet (core/strings_table.h).
//
//   wpt strings export PLUGIN_DIR -o review.csv [--force]
//   wpt strings import PLUGIN_DIR review.csv [--dry-run] [--content DIR]
#include <filesystem>
#include <iostream>

#include "commands.h"
#include "common.h"
#include "wholepicture/core/json_file.h"
#include "wholepicture/core/loader.h"
#include "wholepicture/core/strings_table.h"

namespace {

namespace fs = std::filesystem;

constexpr const char* kHelp =
    R"(usage: wpt strings export PLUGIN_DIR -o review.csv [--force]
       wpt strings import PLUGIN_DIR review.csv [--dry-run] [--content DIR]

Review a case's texts in a spreadsheet, without JSON.

export  writes every text a reader sees (titles, narratives, each role's situation, options, feedback and
        each profession's view, perspectives, endings, critical actions, facts, content warnings, the
        description) to a CSV, one row per text: id (file#JSON pointer), node, role, field, source, text.
        Open it in Excel or LibreOffice, edit only the "text" column, save as CSV UTF-8.
        --force   overwrite the CSV if it exists (it may hold a colleague's edits)
import  applies the edited "text" cells back to the case's JSON files, changing only those texts. A row
        whose "source" no longer matches the case (the case changed since the export) is refused, and then
        nothing is written. Unchanged rows are skipped. The case is linted afterwards.
        --dry-run  say what would change, write nothing

Exit status: 0 done; 1 refused (the messages say which rows and why) or the case has errors; 2 usage error.
)";

int usage(const std::string& msg) { return wpt::usageError("strings", msg); }

void print(const wp::Diagnostics& diags) {
    for (const auto& d : diags) std::cerr << wp::formatDiagnostic(d) << "\n";
}

int exportTexts(const std::string& dir, const std::string& out, bool force) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        std::cerr << "wpt strings: no such folder: " << dir << " (give the case folder, the one with plugin.json)\n";
        return 1;
    }
    if (!force && fs::exists(out, ec)) {
        std::cerr << "wpt strings: " << out
                  << " already exists and may hold a reviewer's edits; import it first, give another name, or add "
                     "--force to overwrite it\n";
        return 1;
    }
    wp::Diagnostics diags;
    auto texts = wp::collectReaderTexts(dir, diags);
    print(diags);
    if (!texts) {
        std::cerr << "wpt strings: the case's files could not be read (above); nothing was written\n";
        return 1;
    }
    wp::Diagnostics writeDiags;
    if (!wp::writeFileAtomically(out, wp::readerTextsToCsv(*texts), writeDiags)) {
        print(writeDiags);
        return 1;
    }
    std::cout << "wrote " << out << ": " << texts->size()
              << " texts. Edit the \"text\" column (not \"source\" or \"id\"), save as CSV UTF-8, then: wpt strings "
                 "import "
              << dir << " " << out << "\n";
    return 0;
}

int importTexts(const std::string& dir, const std::string& csv, bool dryRun, const std::string& content) {
    wp::Diagnostics diags;
    auto text = wp::readFileSafely(csv, diags, csv);
    if (!text) {
        print(diags);
        return 1;
    }
    wp::TextImportSummary summary = wp::importReaderTexts(dir, *text, csv, dryRun, diags);
    print(diags);
    if (wp::hasErrors(diags)) return 1;
    std::cout << summary.rows << (summary.rows == 1 ? " row" : " rows") << ": " << summary.changed
              << (dryRun ? " would change, " : " changed, ") << summary.unchanged << " unchanged";
    if (!summary.filesChanged.empty()) std::cout << " (" << wp::joinList(summary.filesChanged) << ")";
    std::cout << (dryRun ? "; nothing written (--dry-run)\n" : "\n");
    if (dryRun || !summary.written) return 0;

    // The texts are the author's to judge, but a check after every write costs nothing and catches a
    // per-role key or a guidance section the edit made wrong.
    wp::Diagnostics kbDiags;
    wp::KnowledgeBase kb = wpt::loadKnowledge(content, kbDiags);
    wp::ScenarioPlugin plugin = wp::loadPlugin(dir, kb, wp::PluginOrigin::CommandLine);
    for (const auto& d : plugin.diagnostics) std::cout << wp::formatDiagnostic(d) << "\n";
    size_t errors = wp::countSeverity(plugin.diagnostics, wp::Severity::Error);
    size_t warnings = wp::countSeverity(plugin.diagnostics, wp::Severity::Warning);
    std::cout << "lint: " << errors << (errors == 1 ? " error, " : " errors, ") << warnings
              << (warnings == 1 ? " warning\n" : " warnings\n");
    return errors > 0 ? 1 : 0;
}

int runStrings(const std::vector<std::string>& args) {
    std::string verb, dir, csv, out, content;
    bool dryRun = false, force = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& x = args[i];
        if (x == "-h" || x == "--help") {
            std::cout << kHelp;
            return 0;
        }
        if (x == "-o" || x == "--output" || x == "--content") {
            if (i + 1 >= args.size()) return usage(x + " needs a value");
            (x == "--content" ? content : out) = args[++i];
        } else if (x == "--dry-run") {
            dryRun = true;
        } else if (x == "--force") {
            force = true;
        } else if (x.rfind("-", 0) == 0 && x.size() > 1) {
            return usage("unknown option " + x);
        } else if (verb.empty()) {
            verb = x;
        } else if (dir.empty()) {
            dir = x;
        } else if (csv.empty()) {
            csv = x;
        } else {
            return usage("too many arguments");
        }
    }
    if (verb == "export") {
        if (dir.empty()) return usage("export needs the case folder: wpt strings export PLUGIN_DIR -o review.csv");
        if (out.empty()) return usage("say where to write the spreadsheet: -o review.csv");
        if (!csv.empty() || dryRun) return usage("export takes one folder and -o FILE");
        return exportTexts(dir, out, force);
    }
    if (verb == "import") {
        if (dir.empty() || csv.empty())
            return usage("import needs the case folder and the CSV: wpt strings import PLUGIN_DIR review.csv");
        if (!out.empty() || force) return usage("import writes into the case folder; it takes no -o or --force");
        return importTexts(dir, csv, dryRun, content);
    }
    return usage(verb.empty() ? "say export or import" : "unknown verb \"" + verb + "\"; say export or import");
}

const bool kRegistered = wpt::registerCommand(
    {"strings", "strings export PLUGIN_DIR -o review.csv | strings import PLUGIN_DIR review.csv [--dry-run]",
     "every text a reader sees as a CSV for review in a spreadsheet, and the edits applied back", &runStrings, true});

} // namespace
