// A case's scenario as read, kept in a compact binary form beside its lint result (lint_cache.h), so that
// loading an unchanged case again skips the JSON parse and the scenario's reading: `wpt test` after
// `wpt lint`, the app's start after the first (issue 15). An import cache in the way Godot keeps its
// imported resources: derived, keyed by the same signature as the lint (the case's bytes, its folder,
// the program, the knowledge base), and never the source of truth.
//
// Only a case that read without a single diagnostic and linted clean is kept. A missing, truncated,
// corrupt or foreign entry is a miss, never a message; a cache that cannot be written is not written.
// One entry per case folder: storing a new one removes the folder's older entries, so an author's
// edits do not pile up copies of a large case.
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "wholepicture/core/lint_cache.h"
#include "wholepicture/core/scenario.h"

namespace wp {

// The scenario in the binary form (a header naming the format and `signature`, the fields, a checksum).
[[nodiscard]] std::string encodeCompiledCase(const Scenario& s, std::uint64_t signature);
// The scenario back, indexed, when `bytes` is a whole, intact entry of this format for `signature`;
// nullopt otherwise. Bounds-checked throughout; never throws.
[[nodiscard]] std::optional<Scenario> decodeCompiledCase(std::string_view bytes, std::uint64_t signature);

// The file the entry of the case in `dir` with `signature` lives in ($XDG_CACHE_HOME/wholepicture/lint).
[[nodiscard]] std::filesystem::path compiledCaseFile(const LintCache& cache, const std::filesystem::path& dir,
                                                     std::uint64_t signature);
// The stored scenario, or nullopt (no entry, or an unusable one). Never throws.
[[nodiscard]] std::optional<Scenario> readCompiledCase(const LintCache& cache, const std::filesystem::path& dir,
                                                       std::uint64_t signature);
// Stores an entry (`bytes`, from encodeCompiledCase with `signature`) and removes the folder's other
// entries (best effort: false when nothing was written).
bool writeCompiledCase(const LintCache& cache, const std::filesystem::path& dir, std::uint64_t signature, std::string_view bytes);

} // namespace wp
