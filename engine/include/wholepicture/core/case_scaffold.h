// The starting case a trainer writes from, for `wpt new` and the app's "New case": three decisions over
// two stages for the roles chosen, with cast, facts, a flag, a critical action, perspectives, feedback
// with guidance and two endings; it lints clean and plays to an ending for every role. README.md says
// what to change, step by step.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "wholepicture/core/case_document.h"
#include "wholepicture/core/diagnostic.h"
#include "wholepicture/core/knowledge.h"

namespace wp {

struct CaseScaffold {
    OrderedJson manifest;
    OrderedJson scenario;
    std::string readme;
};

// `pluginSchema`, `scenarioSchema`: the "$schema" references written into the two files.
[[nodiscard]] CaseScaffold buildCaseScaffold(const std::string& id, const std::vector<std::string>& roles, const KnowledgeBase& kb,
                                             const std::string& pluginSchema, const std::string& scenarioSchema);
// "$schema": always a path relative to the new folder, so the folder works on another machine.
[[nodiscard]] std::string schemaReference(const std::filesystem::path& contentDir, const std::filesystem::path& pluginDir,
                                          const char* file);
// Why `id` cannot name a case ("" when it can).
[[nodiscard]] std::string caseIdProblem(const std::string& id);
// Writes the scaffold into `target`, which must not exist yet (never overwrites). False with a diagnostic
// naming the folder and the fix when the id, a role or the folder is refused or a write fails.
bool createCaseFolder(const std::filesystem::path& target, const std::string& id, const std::vector<std::string>& roles,
                      const KnowledgeBase& kb, const std::filesystem::path& contentDir, Diagnostics& diags);

} // namespace wp
