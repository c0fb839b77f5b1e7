#include "wholepicture/core/lint_cache.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "wholepicture/core/content_hash.h"
#include "wholepicture/core/json_file.h"

namespace wp {

namespace {

constexpr int kCacheFormat = 1;
constexpr size_t kMaxCacheFileBytes = size_t{4} << 20;

std::string hex(std::uint64_t v) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

Severity severityFrom(const std::string& s, bool& ok) {
    if (s == "error") return Severity::Error;
    if (s == "warning") return Severity::Warning;
    if (s == "note") return Severity::Note;
    ok = false;
    return Severity::Error;
}

const char* severityKey(Severity s) {
    return s == Severity::Error ? "error" : s == Severity::Warning ? "warning" : "note";
}

} // namespace

std::uint64_t programStamp() {
    static const std::uint64_t stamp = [] {
        std::error_code ec;
        const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
        std::string id = "wholepicture-lint-cache-" + std::to_string(kCacheFormat);
        if (!ec) {
            id += exe.string();
            const auto size = std::filesystem::file_size(exe, ec);
            if (!ec) id += "/" + std::to_string(size);
            const auto when = std::filesystem::last_write_time(exe, ec);
            if (!ec) id += "/" + std::to_string(when.time_since_epoch().count());
        }
        return fnv1a64(id);
    }();
    return stamp;
}

std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t hash) {
    for (const char c : bytes) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ull;
    }
    return hash;
}

std::uint64_t contentHash64(std::string_view bytes, std::uint64_t hash) {
    constexpr std::uint64_t kPrime = 1099511628211ull;
    size_t i = 0;
    for (; i + 8 <= bytes.size(); i += 8) {
        std::uint64_t word;
        std::memcpy(&word, bytes.data() + i, sizeof word);
        hash = (hash ^ word) * kPrime;
        hash ^= hash >> 29; // the multiply carries low bits up only: bring the high ones back down
    }
    for (; i < bytes.size(); ++i) hash = (hash ^ static_cast<unsigned char>(bytes[i])) * kPrime;
    return hash ^ bytes.size();
}

std::uint64_t lintContextSignature(const KnowledgeBase& kb) {
    std::uint64_t h = fnv1a64(hex(programStamp()));
    auto add = [&h](const std::string& s) {
        h = fnv1a64(s, h);
        h = fnv1a64(std::string_view("\0", 1), h);
    };
    for (const auto& id : kb.roleIds()) add("r:" + id);
    for (const auto& id : kb.dimensionIds()) add("d:" + id);
    for (const auto& id : kb.guidanceIds()) add("g:" + id);
    for (const auto& t : kb.glossary) add("t:" + t.id);
    return h;
}

std::uint64_t lintSignature(const KnowledgeBase& kb, const std::filesystem::path& dir, std::string_view manifestText,
                            std::string_view entry, std::string_view scenarioText) {
    std::uint64_t signature = lintContextSignature(kb);
    // "plugins/peter/" and "plugins/peter" are the same folder (and its diagnostics read the same).
    std::string folder = dir.lexically_normal().string();
    while (folder.size() > 1 && folder.back() == '/') folder.pop_back();
    for (const std::string_view part : {std::string_view(folder), manifestText, entry, scenarioText}) {
        signature = fnv1a64(std::to_string(part.size()) + ":", signature);
        signature = contentHash64(part, signature);
    }
    return signature;
}

std::filesystem::path lintCacheFile(const LintCache& cache, std::uint64_t signature) {
    return cache.dir / (hex(signature) + ".json");
}

std::optional<Diagnostics> readLintCache(const LintCache& cache, std::uint64_t signature) {
    if (cache.dir.empty()) return std::nullopt;
    try {
        const std::filesystem::path file = lintCacheFile(cache, signature);
        std::error_code ec;
        if (!std::filesystem::is_regular_file(file, ec)) return std::nullopt;
        Diagnostics ignored; // an unreadable cache is a miss, never a message
        const auto text = readFileSafely(file, ignored, file.string(), kMaxCacheFileBytes);
        if (!text) return std::nullopt;
        const nlohmann::json j = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
        if (!j.is_object() || j.value("format", 0) != kCacheFormat || j.value("signature", std::string()) != hex(signature))
            return std::nullopt;
        const auto diags = j.find("diagnostics");
        if (diags == j.end() || !diags->is_array()) return std::nullopt;
        Diagnostics out;
        for (const auto& d : *diags) {
            if (!d.is_object()) return std::nullopt;
            const auto sev = d.find("severity"), file = d.find("file"), line = d.find("line"), column = d.find("column"),
                       pointer = d.find("pointer"), message = d.find("message");
            if (sev == d.end() || !sev->is_string() || file == d.end() || !file->is_string() || line == d.end() ||
                !line->is_number_integer() || column == d.end() || !column->is_number_integer() || pointer == d.end() ||
                !pointer->is_string() || message == d.end() || !message->is_string())
                return std::nullopt;
            bool ok = true;
            Diagnostic x;
            x.severity = severityFrom(sev->get<std::string>(), ok);
            if (!ok || x.severity == Severity::Error) return std::nullopt; // only clean results are kept
            x.file = file->get<std::string>();
            x.line = line->get<int>();
            x.column = column->get<int>();
            x.pointer = pointer->get<std::string>();
            x.message = message->get<std::string>();
            // Older caches have no source line: the Problems tab then shows the message alone.
            if (const auto source = d.find("source_line"); source != d.end() && source->is_string())
                x.sourceLine = source->get<std::string>();
            out.push_back(std::move(x));
        }
        return out;
    } catch (...) {
        return std::nullopt;
    }
}

bool writeCacheEntry(const std::filesystem::path& file, std::string_view bytes) {
    try {
        std::error_code ec;
        std::filesystem::create_directories(file.parent_path(), ec);
        std::filesystem::path tmp = file;
        static std::atomic<unsigned> serial{0}; // two threads may store the same entry at once
        tmp += ".tmp" + std::to_string(::getpid()) + "-" + std::to_string(serial++);
        {
            std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
            if (!out) return false;
            out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
            if (!out.flush()) {
                out.close();
                std::filesystem::remove(tmp, ec);
                return false;
            }
        }
        // No fsync: a torn entry is a miss next time, nothing more.
        std::filesystem::rename(tmp, file, ec);
        if (ec) {
            std::filesystem::remove(tmp, ec);
            return false;
        }
        return true;
    } catch (...) {
        return false;
    }
}

bool writeLintCache(const LintCache& cache, std::uint64_t signature, const Diagnostics& lint) {
    if (cache.dir.empty() || !cache.write || hasErrors(lint)) return false;
    try {
        nlohmann::json j;
        j["format"] = kCacheFormat;
        j["signature"] = hex(signature);
        j["diagnostics"] = nlohmann::json::array();
        for (const auto& d : lint)
            j["diagnostics"].push_back({{"severity", severityKey(d.severity)}, {"file", d.file}, {"line", d.line},
                                        {"column", d.column}, {"pointer", d.pointer}, {"message", d.message},
                                        {"source_line", d.sourceLine}});
        return writeCacheEntry(lintCacheFile(cache, signature), dumpJson(j));
    } catch (...) {
        return false;
    }
}

} // namespace wp
