#include "wholepicture/core/unsaved_draft.h"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "wholepicture/core/json_file.h"
#include "wholepicture/core/lint_cache.h"

namespace wp {

namespace fs = std::filesystem;

namespace {

constexpr const char* kFormat = "wholepicture-unsaved-case";

std::string absoluteText(const fs::path& dir) {
    std::error_code ec;
    const fs::path absolute = fs::absolute(dir, ec);
    return (ec ? dir : absolute).lexically_normal().string();
}

} // namespace

fs::path unsavedDraftFile(const fs::path& stateDir, const fs::path& caseDir) {
    char name[32];
    std::snprintf(name, sizeof name, "%016llx.json", static_cast<unsigned long long>(fnv1a64(absoluteText(caseDir))));
    return stateDir / "unsaved-cases" / name;
}

bool keepUnsavedDraft(const fs::path& stateDir, const UnsavedDraft& draft, Diagnostics& diags) {
    const fs::path file = unsavedDraftFile(stateDir, draft.dir);
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    if (ec) {
        diags.push_back({Severity::Error, file.parent_path().string(), 0, 0, "", "cannot create the folder: " + ec.message()});
        return false;
    }
    const nlohmann::json j{{"format", kFormat},
                           {"version", 1},
                           {"dir", absoluteText(draft.dir)},
                           {"kept_ms", draft.keptMs},
                           {"plugin", draft.manifestText},
                           {"scenario", draft.scenarioText}};
    // Replacement characters for bytes that are not UTF-8: the texts come from canonicalJsonText, which
    // writes none, so nothing is changed in practice, and dump never throws.
    return writeFileAtomically(file, j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n", diags);
}

std::optional<UnsavedDraft> readUnsavedDraft(const fs::path& stateDir, const fs::path& caseDir) {
    const fs::path file = unsavedDraftFile(stateDir, caseDir);
    std::error_code ec;
    if (!fs::exists(file, ec)) return std::nullopt;
    Diagnostics ignored; // a damaged file is simply not offered
    auto text = readFileSafely(file, ignored, {}, 2 * kMaxPluginFileBytes + 4096);
    if (!text) return std::nullopt;
    auto parsed = parseJsonText(std::move(*text), file.string(), ignored);
    if (!parsed) return std::nullopt;
    const nlohmann::json& j = parsed->value;
    auto str = [&](const char* key) -> const std::string* {
        const auto it = j.find(key);
        return it != j.end() && it->is_string() ? it->get_ptr<const std::string*>() : nullptr;
    };
    const std::string *format = str("format"), *dir = str("dir"), *manifest = str("plugin"), *scenario = str("scenario");
    if (!j.is_object() || !format || *format != kFormat || !dir || *dir != absoluteText(caseDir) || !manifest || !scenario)
        return std::nullopt;
    UnsavedDraft out{caseDir, *manifest, *scenario, 0};
    if (const auto kept = j.find("kept_ms"); kept != j.end() && kept->is_number_integer()) out.keptMs = kept->get<std::int64_t>();
    return out;
}

void forgetUnsavedDraft(const fs::path& stateDir, const fs::path& caseDir) {
    std::error_code ec;
    fs::remove(unsavedDraftFile(stateDir, caseDir), ec);
}

} // namespace wp
