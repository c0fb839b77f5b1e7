// Helpers every wpt subcommand shares: usage errors, the knowledge base from --content, and loading a plugin folder that must be usable (and playable as a role).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "wholepicture/core/knowledge.h"
#include "wholepicture/core/lists.h"
#include "wholepicture/core/loader.h"

namespace wpt {

// Prints "wpt COMMAND: message" and the help hint to stderr; returns 2, the usage-error status.
// `command` "" gives "wpt: message".
int usageError(const std::string& command, const std::string& message);

// Comma lists: wp::splitList and wp::joinList (wholepicture/core/lists.h).

// The knowledge base in `contentDir` (--content), or the bundled content/ when it is empty.
[[nodiscard]] wp::KnowledgeBase loadKnowledge(const std::string& contentDir, wp::Diagnostics& diags);

// A plugin folder that must load without errors. Otherwise prints its diagnostics (errors only
// with `errorsOnly`) and "wpt COMMAND: <complaint> (run 'wpt lint')" to stderr and returns nullopt
// (exit status 1).
[[nodiscard]] std::optional<wp::ScenarioPlugin> loadUsablePlugin(const std::string& dir, const wp::KnowledgeBase& kb,
                                                         const std::string& command, const std::string& complaint,
                                                         bool errorsOnly = false);

[[nodiscard]] bool playable(const wp::PluginManifest& m, const std::string& role);
// "role \"x\" is not playable in ID (playable: a, b)"
[[nodiscard]] std::string notPlayableMessage(const wp::PluginManifest& m, const std::string& role);

// The lint results of unchanged cases ($XDG_CACHE_HOME/wholepicture/lint, lint_cache.h), shared by
// `wpt lint` and `wpt test`: a case linted once is not linted again until a byte of it changes.
// `--no-cache`: none (every lint runs, nothing is stored).
[[nodiscard]] wp::LintCache lintCache(bool noCache);

// Ends the process with `code` once a command has printed everything and holds no file open for
// writing: what it loaded is left to the system to free in one go, not allocation by allocation (a
// 10 MB case is hundreds of thousands of allocations, a tenth of `wpt test`'s time; clang's
// -disable-free does the same). Under AddressSanitizer it returns `code`, so that the leak check at
// exit still runs.
[[nodiscard]] int exitWithoutFreeing(int code);

} // namespace wpt
