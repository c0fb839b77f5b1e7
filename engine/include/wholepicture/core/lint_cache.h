// The lint results of unchanged cases, kept between starts so that an installed case costs only its
// parse (issue 15, "start fast"). An entry is keyed by a signature of everything the lint sees: the
// bytes of plugin.json and of the entry file, the plugin folder (diagnostics name it), the knowledge
// base's ids and the program itself (a new build may lint differently). Only clean results (no error)
// are kept. The cache is a convenience: a missing, unreadable or corrupt entry is a miss, never a
// message to the user, and a cache that cannot be written is silently not written.
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>

#include "wholepicture/core/diagnostic.h"
#include "wholepicture/core/knowledge.h"

namespace wp {

struct LintCache {
    std::filesystem::path dir; // $XDG_CACHE_HOME/wholepicture/lint; empty: no cache
    bool write = true;         // false: read only (screenshots never write the user's files)
};

// What loading one plugin did with the cache (for tests and the bench).
struct LoadStats {
    bool linted = false;       // the lint ran
    bool cacheHit = false;     // a cached clean result was used instead
    bool cacheWritten = false; // a new result was stored
    bool caseFromCache = false; // the scenario came from the compiled case (compiled_case.h), not the JSON
    bool caseWritten = false;   // the scenario was stored as a compiled case
};

inline constexpr std::uint64_t kFnvOffset = 14695981039346656037ull;
// 64-bit FNV-1a over `bytes`, continuing from `hash`.
[[nodiscard]] std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t hash = kFnvOffset);

// The running program, by path, size and modification time: a rebuilt or upgraded app does not trust
// what an earlier build cached (the lint here, the font atlas in platform/fonts.h).
[[nodiscard]] std::uint64_t programStamp();

// The part of the signature that is the same for every case of a run: the program and the knowledge base.
[[nodiscard]] std::uint64_t lintContextSignature(const KnowledgeBase& kb);

// The signature of one case's lint: the context's, then the plugin folder, plugin.json's bytes, the
// entry's name and the entry file's bytes (what loadPlugin and `wpt test` key the cache by).
[[nodiscard]] std::uint64_t lintSignature(const KnowledgeBase& kb, const std::filesystem::path& dir, std::string_view manifestText,
                                          std::string_view entry, std::string_view scenarioText);

// The cached lint diagnostics for `signature` (empty when the lint found nothing), or nullopt when
// there is no usable entry. Never throws.
[[nodiscard]] std::optional<Diagnostics> readLintCache(const LintCache& cache, std::uint64_t signature);
// Stores a clean lint result (best effort: false when it could not be written). Never throws.
bool writeLintCache(const LintCache& cache, std::uint64_t signature, const Diagnostics& lint);
// Writes a cache entry: a temporary file beside `file`, renamed over it (no fsync: a torn entry is a
// miss next time). Best effort: false when it could not be written. Never throws.
bool writeCacheEntry(const std::filesystem::path& file, std::string_view bytes);
// The file an entry lives in.
[[nodiscard]] std::filesystem::path lintCacheFile(const LintCache& cache, std::uint64_t signature);

} // namespace wp
