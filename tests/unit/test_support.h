// Shared helpers for core tests: the bundled knowledge base and fixture paths.
#pragma once
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

#include "wholepicture/core/json_file.h"
#include "wholepicture/core/knowledge.h"
#include "wholepicture/core/loader.h"

namespace wp::test {

inline std::filesystem::path sourceDir() { return WP_SOURCE_DIR; }
inline std::filesystem::path fixtures() { return WP_TEST_FIXTURES; }

// A fixed start time for rooms and runs (milliseconds since 1970: November 2023).
inline constexpr std::int64_t kT0 = 1'700'000'000'000;

inline const KnowledgeBase& knowledgeBase();

// The bundled Peter case, loaded once per test binary.
inline const ScenarioPlugin& peter() {
    static const ScenarioPlugin p = loadPlugin(sourceDir() / "plugins" / "peter", knowledgeBase());
    return p;
}

inline const KnowledgeBase& knowledgeBase() {
    static const KnowledgeBase kb = [] {
        Diagnostics diags;
        KnowledgeBase loaded = loadKnowledgeBase(sourceDir() / "content", diags);
        return loaded;
    }();
    return kb;
}

// A fresh scratch folder per test, removed at the end.
struct Scratch {
    std::filesystem::path dir;
    explicit Scratch(const std::string& name) {
        dir = std::filesystem::temp_directory_path() / ("wp_readers_" + name + "_" + std::to_string(::getpid()));
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
    }
    ~Scratch() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;
};

inline void writeText(const std::filesystem::path& p, const std::string& text) {
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << text;
}

inline std::string readBytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Every diagnostic on a line of its own, for failure messages.
inline std::string all(const Diagnostics& diags) {
    std::string out;
    for (const auto& d : diags) out += formatDiagnostic(d) + "\n";
    return out;
}

// Records every path the core opens for reading while alive (json_file.h's observer).
struct OpenRecorder {
    std::vector<std::filesystem::path> opened;
    OpenRecorder() {
        setFileOpenObserver([this](const std::filesystem::path& p) { opened.push_back(p); });
    }
    ~OpenRecorder() { setFileOpenObserver({}); }
    OpenRecorder(const OpenRecorder&) = delete;
    OpenRecorder& operator=(const OpenRecorder&) = delete;
};

inline ScenarioPlugin loadFixture(const std::string& relative) { return loadPlugin(fixtures() / relative, knowledgeBase()); }

} // namespace wp::test
