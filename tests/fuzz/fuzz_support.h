// Shared by the fuzz targets: the bundled knowledge base and the mini fixture plugin, loaded once.
// Every target feeds bytes to one reader and lets the sanitizers judge: a crash, an uncaught
// exception (libFuzzer reports it as a deadly signal), a leak or undefined behaviour is a finding.
#pragma once
#include <cstdint>
#include <string>

#include "wholepicture/core/json_file.h"
#include "wholepicture/core/knowledge.h"
#include "wholepicture/core/loader.h"

namespace wp::fuzz {

inline const KnowledgeBase& knowledgeBase() {
    static const KnowledgeBase kb = [] {
        Diagnostics diags;
        return loadKnowledgeBase(std::string(WP_SOURCE_DIR) + "/content", diags);
    }();
    return kb;
}

inline const ScenarioPlugin& mini() {
    static const ScenarioPlugin p = loadPlugin(std::string(WP_SOURCE_DIR) + "/tests/fixtures/plugins/mini", knowledgeBase());
    if (!p.usable()) __builtin_trap(); // the fixture itself must load, or every finding is noise
    return p;
}

inline std::string text(const uint8_t* data, size_t size) { return std::string(reinterpret_cast<const char*>(data), size); }

// Every diagnostic must format without throwing (messages quote file content).
inline void formatAll(const Diagnostics& diags) {
    for (const auto& d : diags) (void)formatDiagnostic(d);
}

} // namespace wp::fuzz
