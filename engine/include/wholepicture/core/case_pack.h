// Share a case: a plugin folder as one file a trainer can email (".wpcase"), and installing such a
// file into the user's plugins folder (`wpt pack`, `wpt install`, later the app's "Open case file").
//
// A pack is one JSON document, so it needs no archive library and can be read in any text editor:
//   {"format": "wholepicture-case-pack", "format_version": 1, "id": ..., "version": ..., "title": ...,
//    "files": {"plugin.json": {"text": "..."}, "images/map.png": {"base64": "..."}}}
// A file that is UTF-8 text is stored as text, anything else as base64; either way unpacking gives back
// the same bytes. Nothing here throws across the boundary: every problem is a Diagnostic.
#pragma once
#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "wholepicture/core/diagnostic.h"
#include "wholepicture/core/knowledge.h"

namespace wp {

inline constexpr const char* kCasePackFormat = "wholepicture-case-pack";
inline constexpr int kCasePackFormatVersion = 1;
inline constexpr const char* kCasePackExtension = ".wpcase";
// Limits, far above any real case (the bundled ones are well under 1 MiB in a dozen files), so a
// hostile or mistaken pack cannot fill the disk or memory.
inline constexpr size_t kMaxCasePackFiles = 500;
inline constexpr size_t kMaxCasePackContentBytes = size_t{32} << 20; // all files, unpacked
inline constexpr size_t kMaxCasePackFileBytes = size_t{64} << 20;    // the .wpcase file itself

struct CasePack {
    std::string id;
    std::string version;
    std::string title;
    std::map<std::string, std::string> files; // relative path ('/' separated) -> exact bytes
};

// Packs every file of the plugin folder `dir` (hidden files and folders skipped; a symbolic link that
// leads outside the folder refused). Lints first and refuses a plugin with errors, naming them.
// Returns the pack, or nullopt with diagnostics.
[[nodiscard]] std::optional<CasePack> packPluginFolder(const std::filesystem::path& dir, const KnowledgeBase& kb,
                                                       Diagnostics& diags);
// The pack as the JSON text of a .wpcase file.
[[nodiscard]] std::string casePackJson(const CasePack& pack);
// Reads a .wpcase text and checks everything about it that can be checked without unpacking: the
// format, every path (relative, no "..", no absolute, no hidden parts, no duplicates, no file that is
// also a folder), every entry's content (text or valid base64), the limits. Problems name the file,
// the place (line and JSON pointer) and the fix; nullopt when any is an error.
[[nodiscard]] std::optional<CasePack> readCasePack(const std::string& text, const std::string& displayPath,
                                                   Diagnostics& diags);
[[nodiscard]] std::optional<CasePack> loadCasePack(const std::filesystem::path& file, Diagnostics& diags);

// Why `path` cannot be a file's place in a pack, or "".
[[nodiscard]] std::string casePackPathProblem(const std::string& path);

enum class InstallOutcome {
    Installed,        // there was no copy; now there is
    Replaced,         // an installed copy was replaced (asked for)
    AlreadyInstalled, // a copy with this id exists and replacing was not asked for: nothing changed
    Refused,          // the pack or its case has errors, or the files could not be written: nothing changed
};

struct InstallReport {
    InstallOutcome outcome = InstallOutcome::Refused;
    std::filesystem::path folder;         // where the case is (or would be) installed
    std::string packVersion;              // the pack's version
    std::filesystem::path existingFolder; // an installed copy with the same id, if any
    std::string existingVersion;
};

// Unpacks into a temporary folder inside `pluginsDir` (so the final move is a rename on one file
// system), lints the case there, and then moves it in: at once if no plugin with its id is installed in
// `pluginsDir`; over an installed copy only with `replace` (the old copy is renamed aside, the new one
// renamed in, then the old one removed, so an interrupted install leaves one whole copy). The lint's
// warnings are added to `diags`; any error refuses the install and leaves `pluginsDir` as it was.
[[nodiscard]] InstallReport installCasePack(const CasePack& pack, const std::filesystem::path& pluginsDir,
                                            const KnowledgeBase& kb, bool replace, Diagnostics& diags);

// What installing `pack` into `pluginsDir` would do, without changing `pluginsDir`: the case is
// unpacked into a temporary folder elsewhere and linted there (its warnings and errors go to `diags`,
// files named as in the pack), and an installed copy with the same id is looked for. `outcome` is
// Installed (it would be installed), AlreadyInstalled (a copy is there: existingFolder and
// existingVersion say which; installing needs `replace`) or Refused (errors, in `diags`). The app
// shows this before it asks; installCasePack checks everything again when it installs.
[[nodiscard]] InstallReport previewCasePackInstall(const CasePack& pack, const std::filesystem::path& pluginsDir,
                                                   const KnowledgeBase& kb, Diagnostics& diags);

// "newer", "older" or "the same" for version `a` against `b`, comparing dotted numbers ("1.10.0" is
// newer than "1.9.2"); "" when either is not made of numbers and dots.
[[nodiscard]] std::string compareVersions(const std::string& a, const std::string& b);

// Base64 (RFC 4648, with padding). decode returns nullopt for anything but well-formed base64.
[[nodiscard]] std::string base64Encode(const std::string& bytes);
[[nodiscard]] std::optional<std::string> base64Decode(const std::string& text);

} // namespace wp
