// Shared helpers for core tests: the bundled knowledge base and fixture paths.
#pragma once
#include <filesystem>

#include "wholepicture/core/knowledge.h"
#include "wholepicture/core/loader.h"

namespace wp::test {

inline std::filesystem::path sourceDir() { return WP_SOURCE_DIR; }
inline std::filesystem::path fixtures() { return WP_TEST_FIXTURES; }

inline const KnowledgeBase& knowledgeBase() {
    static const KnowledgeBase kb = [] {
        Diagnostics diags;
        KnowledgeBase loaded = loadKnowledgeBase(sourceDir() / "content", diags);
        return loaded;
    }();
    return kb;
}

inline Plugin loadFixture(const std::string& relative) { return loadPlugin(fixtures() / relative, knowledgeBase()); }

} // namespace wp::test
