// wpt pack and wpt install: share a case as one file (core/case_pack.h).
//
//   wpt pack PLUGIN_DIR [-o FILE.wpcase] [--content DIR]
//   wpt install FILE.wpcase [--plugins-dir DIR] [--replace] [--content DIR]
#include <filesystem>
#include <iostream>

#include "commands.h"
#include "common.h"
#include "wholepicture/core/case_pack.h"
#include "wholepicture/core/json_file.h"
#include "wholepicture/core/paths.h"

namespace {

namespace fs = std::filesystem;

void print(const wp::Diagnostics& diags) {
    for (const auto& d : diags) std::cerr << wp::formatDiagnostic(d) << "\n";
}

int runPack(const std::vector<std::string>& args) {
    std::string dir, out, content;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& x = args[i];
        if (x == "-h" || x == "--help") {
            std::cout << "usage: wpt pack PLUGIN_DIR [-o FILE.wpcase] [--content DIR]\n\n"
                         "Packs a case folder into one file a trainer can email (default ID-VERSION.wpcase here).\n"
                         "The case is linted first and not packed if it has errors. Hidden files are left out; a\n"
                         "link to a file outside the folder is refused. Install it with `wpt install FILE.wpcase`.\n"
                         "Exit status: 0 packed; 1 the case has errors or a file could not be packed; 2 usage error.\n";
            return 0;
        }
        if (x == "-o" || x == "--output" || x == "--content") {
            if (i + 1 >= args.size()) return wpt::usageError("pack", x + " needs a value");
            (x == "--content" ? content : out) = args[++i];
        } else if (x.rfind("-", 0) == 0 && x.size() > 1) {
            return wpt::usageError("pack", "unknown option " + x);
        } else if (dir.empty()) {
            dir = x;
        } else {
            return wpt::usageError("pack", "pack takes one case folder");
        }
    }
    if (dir.empty()) return wpt::usageError("pack", "give the case folder (the one with plugin.json)");
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        std::cerr << "wpt pack: no such folder: " << dir << "\n";
        return 1;
    }
    wp::Diagnostics diags;
    wp::KnowledgeBase kb = wpt::loadKnowledge(content, diags);
    diags.clear();
    auto pack = wp::packPluginFolder(dir, kb, diags);
    print(diags);
    if (!pack) return 1;
    if (out.empty()) out = pack->id + (pack->version.empty() ? "" : "-" + pack->version) + wp::kCasePackExtension;
    wp::Diagnostics writeDiags;
    if (!wp::writeFileAtomically(out, wp::casePackJson(*pack), writeDiags)) {
        print(writeDiags);
        return 1;
    }
    std::cout << "packed " << pack->title << " (" << pack->id << ", version " << pack->version << ", "
              << pack->files.size() << (pack->files.size() == 1 ? " file" : " files") << ") into " << out
              << "\nThe receiver installs it with: wpt install " << fs::path(out).filename().string() << "\n";
    return 0;
}

int runInstall(const std::vector<std::string>& args) {
    std::string file, pluginsDir, content;
    bool replace = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& x = args[i];
        if (x == "-h" || x == "--help") {
            std::cout << "usage: wpt install FILE.wpcase [--plugins-dir DIR] [--replace] [--content DIR]\n\n"
                         "Installs a case file made by `wpt pack` into your plugins folder (default "
                      << wp::appPaths().userPlugins().string()
                      << ").\nThe file is checked and its case linted first; nothing is installed if either has "
                         "errors.\nIf the case is already installed, both versions are shown and the installed copy "
                         "is\nreplaced only with --replace.\n"
                         "Exit status: 0 installed; 1 refused, or already installed without --replace; 2 usage "
                         "error.\n";
            return 0;
        }
        if (x == "--plugins-dir" || x == "--content") {
            if (i + 1 >= args.size()) return wpt::usageError("install", x + " needs a value");
            (x == "--content" ? content : pluginsDir) = args[++i];
        } else if (x == "--replace") {
            replace = true;
        } else if (x.rfind("-", 0) == 0 && x.size() > 1) {
            return wpt::usageError("install", "unknown option " + x);
        } else if (file.empty()) {
            file = x;
        } else {
            return wpt::usageError("install", "install takes one case file");
        }
    }
    if (file.empty()) return wpt::usageError("install", "give the case file (FILE.wpcase)");
    const fs::path target = pluginsDir.empty() ? wp::appPaths().userPlugins() : fs::path(pluginsDir);
    wp::Diagnostics diags;
    wp::KnowledgeBase kb = wpt::loadKnowledge(content, diags);
    diags.clear();
    auto pack = wp::loadCasePack(file, diags);
    if (!pack) {
        print(diags);
        std::cerr << "wpt install: " << file << " was not installed\n";
        return 1;
    }
    wp::InstallReport report = wp::installCasePack(*pack, target, kb, replace, diags);
    print(diags);
    const std::string packVersion = pack->version.empty() ? "no version" : "version " + pack->version;
    const std::string oldVersion = report.existingVersion.empty() ? "no version" : "version " + report.existingVersion;
    switch (report.outcome) {
    case wp::InstallOutcome::Installed:
        std::cout << "installed " << pack->title << " (" << pack->id << ", " << packVersion << ") in "
                  << report.folder.string() << "\n";
        return 0;
    case wp::InstallOutcome::Replaced:
        std::cout << "replaced " << pack->id << " " << oldVersion << " with " << packVersion << " in "
                  << report.folder.string() << "\n";
        return 0;
    case wp::InstallOutcome::AlreadyInstalled: {
        std::string relation = wp::compareVersions(pack->version, report.existingVersion);
        std::cout << pack->id << " is already installed in " << report.existingFolder.string() << " (" << oldVersion
                  << "); this file has " << packVersion << (relation.empty() ? "" : " (" + relation + ")")
                  << ".\nNothing was changed. To replace the installed copy: wpt install " << file << " --replace"
                  << (pluginsDir.empty() ? "" : " --plugins-dir " + pluginsDir) << "\n";
        return 1;
    }
    case wp::InstallOutcome::Refused: break;
    }
    std::cerr << "wpt install: " << file << " was not installed; the plugins folder is as it was\n";
    return 1;
}

const bool kPackRegistered = wpt::registerCommand(
    {"pack", "pack PLUGIN_DIR [-o FILE.wpcase]",
     "a case folder as one file to email (linted first; installed with wpt install)", &runPack, true});
const bool kInstallRegistered = wpt::registerCommand(
    {"install", "install FILE.wpcase [--plugins-dir DIR] [--replace]",
     "installs a packed case in your plugins folder after a lint; replaces an installed copy only with --replace",
     &runInstall, true});

} // namespace
