// Share a case (case_pack.h): a plugin folder as one JSON file, and installing it after a lint.
#include "wholepicture/core/case_pack.h"

#include <algorithm>
#include <atomic>
#include <set>

#include <cerrno>
#include <csignal>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "wholepicture/core/json_file.h"
#include "wholepicture/core/loader.h"

namespace wp {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr char kBase64Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Stored as text only when a text editor would show it unchanged: UTF-8 without control characters
// other than tab and line breaks. Everything else (images, a PDF) goes as base64.
bool storableAsText(const std::string& bytes) {
    if (firstInvalidUtf8(bytes) != std::string::npos) return false;
    return std::none_of(bytes.begin(), bytes.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7f;
    });
}

bool plainId(const std::string& id) {
    if (id.empty() || id.size() > 64 || !(id[0] >= 'a' && id[0] <= 'z')) return false;
    return std::all_of(id.begin(), id.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'; });
}

// Removes a folder tree when it goes out of scope (the staging folder of an install, whatever happens).
struct RemoveOnExit {
    fs::path dir;
    ~RemoveOnExit() {
        std::error_code ec;
        if (!dir.empty()) fs::remove_all(dir, ec);
    }
};

// The id and version in an installed folder's plugin.json, if it reads as one.
struct InstalledCopy {
    fs::path folder;
    std::string id;
    std::string version;
};

std::vector<InstalledCopy> installedCopies(const fs::path& pluginsDir) {
    std::vector<InstalledCopy> out;
    std::error_code ec;
    for (fs::directory_iterator it(pluginsDir, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code entryEc;
        if (!it->is_directory(entryEc) || it->path().filename().string().rfind('.', 0) == 0) continue;
        Diagnostics ignored; // a broken installed plugin is the library's business, not the install's
        auto manifest = loadJsonFileInFolder(it->path(), "plugin.json", ignored);
        if (!manifest || !manifest->value.is_object()) continue;
        const json& v = manifest->value;
        InstalledCopy c{it->path(), "", ""};
        if (v.contains("id") && v["id"].is_string()) c.id = v["id"].get<std::string>();
        if (v.contains("version") && v["version"].is_string()) c.version = v["version"].get<std::string>();
        out.push_back(std::move(c));
    }
    return out;
}

constexpr const char* kStagingPrefix = ".wpcase-install-";
constexpr const char* kAsidePrefix = "previous-";

// Staging folders of installs that were killed (their process is gone): an installed copy that was set
// aside and not yet replaced goes back where it was, then the folder is removed.
void recoverInterruptedInstalls(const fs::path& pluginsDir) {
    std::error_code ec;
    std::vector<fs::path> stale;
    for (fs::directory_iterator it(pluginsDir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.rfind(kStagingPrefix, 0) != 0) continue;
        const std::string pid = name.substr(std::string(kStagingPrefix).size());
        if (pid.empty() || pid.size() > 9 || pid.find_first_not_of("0123456789") != std::string::npos) continue;
        if (std::stol(pid) == ::getpid() || ::kill(static_cast<pid_t>(std::stol(pid)), 0) == 0 || errno != ESRCH)
            continue; // still running (or not ours to judge)
        stale.push_back(it->path());
    }
    for (const auto& dir : stale) {
        for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
            const std::string name = it->path().filename().string();
            if (name.rfind(kAsidePrefix, 0) != 0) continue;
            const fs::path home = pluginsDir / name.substr(std::string(kAsidePrefix).size());
            std::error_code exists;
            if (!fs::exists(fs::symlink_status(home, exists))) fs::rename(it->path(), home, exists);
        }
        fs::remove_all(dir, ec);
    }
}

} // namespace

std::string base64Encode(const std::string& bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                     static_cast<unsigned char>(bytes[i + 2]);
        for (int shift : {18, 12, 6, 0}) out += kBase64Alphabet[(n >> shift) & 63];
    }
    if (size_t left = bytes.size() - i; left > 0) {
        unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
        if (left == 2) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        out += kBase64Alphabet[(n >> 18) & 63];
        out += kBase64Alphabet[(n >> 12) & 63];
        out += left == 2 ? kBase64Alphabet[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::optional<std::string> base64Decode(const std::string& text) {
    if (text.size() % 4 != 0) return std::nullopt;
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    };
    std::string out;
    out.reserve(text.size() / 4 * 3);
    for (size_t i = 0; i < text.size(); i += 4) {
        const bool last = i + 4 == text.size();
        int v[4];
        int padding = 0;
        for (int k = 0; k < 4; ++k) {
            char c = text[i + k];
            if (c == '=' && last && k >= 2) {
                v[k] = 0;
                ++padding;
                continue;
            }
            if (padding > 0) return std::nullopt; // data after '='
            v[k] = value(c);
            if (v[k] < 0) return std::nullopt;
        }
        unsigned n = (v[0] << 18) | (v[1] << 12) | (v[2] << 6) | v[3];
        out += static_cast<char>((n >> 16) & 0xff);
        if (padding < 2) out += static_cast<char>((n >> 8) & 0xff);
        if (padding < 1) out += static_cast<char>(n & 0xff);
    }
    return out;
}

std::string casePackPathProblem(const std::string& path) {
    if (path.empty()) return "is empty; give the file's path inside the case folder, such as \"scenario.json\"";
    if (path.size() > 1024) return "is longer than 1024 characters";
    if (path.front() == '/' || (path.size() > 1 && path[1] == ':'))
        return "is an absolute path; a pack may only hold paths inside the case folder, such as \"scenario.json\"";
    if (path.find('\\') != std::string::npos) return "uses \\; write / between folders";
    for (char c : path)
        if (static_cast<unsigned char>(c) < 0x20) return "holds a control character";
    size_t start = 0;
    while (start <= path.size()) {
        size_t slash = path.find('/', start);
        std::string part = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
        if (part == "..") return "goes up out of the case folder (\"..\"); a pack may only hold files inside it";
        if (part.empty() || part == ".")
            return "has an empty or \".\" part; write it as a plain path like \"a/b.json\"";
        if (part.front() == '.') return "names a hidden file or folder (\"" + part + "\"), which packs never hold";
        if (part.size() > 255) return "has a file or folder name longer than 255 characters";
        if (slash == std::string::npos) break;
        start = slash + 1;
    }
    return "";
}

std::optional<CasePack> packPluginFolder(const fs::path& dir, const KnowledgeBase& kb, Diagnostics& diags) {
    ScenarioPlugin plugin = loadPlugin(dir, kb, PluginOrigin::CommandLine);
    if (hasErrors(plugin.diagnostics) || !plugin.scenario) {
        size_t errors = 0;
        for (const auto& d : plugin.diagnostics)
            if (d.severity == Severity::Error) {
                diags.push_back(d);
                ++errors;
            }
        diags.push_back({Severity::Error, dir.string(), 0, 0, "",
                         "not packed: the case has " + std::to_string(errors) + (errors == 1 ? " error" : " errors") +
                             " (above); fix them first (`wpt lint " + dir.string() + "` lists them)"});
        return std::nullopt;
    }
    CasePack pack{plugin.manifest.id, plugin.manifest.version, plugin.manifest.name, {}};
    std::error_code ec;
    const fs::path root = fs::canonical(dir, ec);
    if (ec) {
        diags.push_back({Severity::Error, dir.string(), 0, 0, "", "cannot open the folder (" + ec.message() + ")"});
        return std::nullopt;
    }
    size_t total = 0;
    bool ok = true;
    fs::recursive_directory_iterator it(root, fs::directory_options::none, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        const fs::path& p = it->path();
        const std::string relative = p.lexically_relative(root).generic_string();
        std::error_code stEc;
        const fs::file_status link = fs::symlink_status(p, stEc);
        if (p.filename().string().rfind('.', 0) == 0) { // .git, .DS_Store, editor swap files
            if (fs::is_directory(link)) it.disable_recursion_pending();
            continue;
        }
        // `wpt pack` run inside the case folder leaves its pack there; a pack never carries the last one.
        if (p.extension() == kCasePackExtension) continue;
        if (fs::is_symlink(link)) {
            const fs::path target = fs::weakly_canonical(p, stEc);
            const std::string rel = target.lexically_relative(root).generic_string();
            if (stEc || rel.empty() || rel == "." || rel.rfind("..", 0) == 0) {
                diags.push_back({Severity::Error, (dir / relative).string(), 0, 0, "",
                                 "is a link to " + target.string() +
                                     ", outside the case folder; a pack holds only the folder's own files: copy the "
                                     "file into the folder instead of linking to it"});
                ok = false;
                continue;
            }
            if (fs::is_directory(target, stEc)) continue; // its files are packed from where they really are
        } else if (fs::is_directory(link)) {
            continue;
        }
        if (std::string problem = casePackPathProblem(relative); !problem.empty()) {
            diags.push_back(
                {Severity::Error, (dir / relative).string(), 0, 0, "", "cannot be packed: its path " + problem});
            ok = false;
            continue;
        }
        auto bytes = readFileInFolder(root, relative, diags, (dir / relative).string(), kMaxPluginFileBytes);
        if (!bytes) {
            ok = false;
            continue;
        }
        total += bytes->size();
        pack.files[relative] = std::move(*bytes);
        if (pack.files.size() > kMaxCasePackFiles || total > kMaxCasePackContentBytes) {
            diags.push_back({Severity::Error, dir.string(), 0, 0, "",
                             "the folder holds more than a case needs (over " + std::to_string(kMaxCasePackFiles) +
                                 " files or " + std::to_string(kMaxCasePackContentBytes >> 20) +
                                 " MiB); move drafts, exports and backups out of it before packing"});
            return std::nullopt;
        }
    }
    if (ec) {
        diags.push_back(
            {Severity::Error, dir.string(), 0, 0, "", "cannot read the whole folder (" + ec.message() + ")"});
        return std::nullopt;
    }
    if (!ok) return std::nullopt;
    return pack;
}

std::string casePackJson(const CasePack& pack) {
    nlohmann::ordered_json files = nlohmann::ordered_json::object();
    for (const auto& [path, bytes] : pack.files) {
        if (storableAsText(bytes))
            files[path] = {{"text", bytes}};
        else
            files[path] = {{"base64", base64Encode(bytes)}};
    }
    nlohmann::ordered_json j = {{"format", kCasePackFormat},
                                {"format_version", kCasePackFormatVersion},
                                {"id", pack.id},
                                {"version", pack.version},
                                {"title", pack.title},
                                {"files", std::move(files)}};
    return j.dump(1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::optional<CasePack> readCasePack(const std::string& text, const std::string& displayPath, Diagnostics& diags) {
    const size_t before = diags.size();
    if (text.size() > kMaxCasePackFileBytes) {
        diags.push_back({Severity::Error, displayPath, 0, 0, "",
                         "is larger than a case file can be (" + std::to_string(kMaxCasePackFileBytes >> 20) +
                             " MiB); ask for the case again"});
        return std::nullopt;
    }
    auto file = parseJsonText(text, displayPath, diags);
    if (!file) {
        diags.push_back({Severity::Error, displayPath, 0, 0, "",
                         "is not a whole, well-formed case file (the message above says where and why). It was "
                         "probably cut short or changed on the way: ask the sender for it again"});
        return std::nullopt;
    }
    const json& v = file->value;
    auto error = [&](const std::string& pointer, const std::string& message) {
        diags.push_back(file->at(Severity::Error, pointer, message));
    };
    if (!v.is_object()) {
        error("", "is not a Whole Picture case file (expected a JSON object with \"format\": \"" +
                      std::string(kCasePackFormat) + "\"); make one with `wpt pack CASE_FOLDER`");
        return std::nullopt;
    }
    const json format = v.value("format", json());
    if (format != json(kCasePackFormat)) {
        error(v.contains("format") ? "/format" : "",
              "is not a Whole Picture case file (\"format\" is " + (format.is_null() ? "missing" : format.dump()) +
                  ", expected \"" + kCasePackFormat + "\"); make one with `wpt pack CASE_FOLDER`");
        return std::nullopt;
    }
    const json version = v.value("format_version", json());
    if (!version.is_number_integer() || version.get<long long>() != kCasePackFormatVersion) {
        error("/format_version",
              "this case file is format_version " + version.dump() + "; this Whole Picture reads " +
                  std::to_string(kCasePackFormatVersion) +
                  " (a newer app made it: update Whole Picture, or ask for a pack from this version)");
        return std::nullopt;
    }
    CasePack pack;
    const std::pair<const char*, std::string*> heading[] = {
        {"id", &pack.id}, {"version", &pack.version}, {"title", &pack.title}};
    for (const auto& [key, into] : heading) {
        const json field = v.value(key, json());
        if (!field.is_string())
            error(std::string("/") + key, std::string("\"") + key + "\" must be a text");
        else
            *into = field.get<std::string>();
    }
    if (!pack.id.empty() && !plainId(pack.id))
        error("/id",
              "\"id\" must start with a lower-case letter and use only a-z, 0-9, _ and - (at most 64 characters)");
    for (auto it = v.begin(); it != v.end(); ++it)
        if (it.key() != "format" && it.key() != "format_version" && it.key() != "id" && it.key() != "version" &&
            it.key() != "title" && it.key() != "files")
            error("/" + pointerToken(it.key()), "unknown key \"" + it.key() + "\" in a case file; remove it");
    const json files = v.value("files", json());
    if (!files.is_object() || files.empty()) {
        error(v.contains("files") ? "/files" : "",
              "\"files\" must be an object of the case's files ({\"plugin.json\": {\"text\": ...}, ...})");
        return std::nullopt;
    }
    if (files.size() > kMaxCasePackFiles)
        error("/files", "holds " + std::to_string(files.size()) + " files; a case file holds at most " +
                            std::to_string(kMaxCasePackFiles));
    size_t total = 0;
    for (auto it = files.begin(); it != files.end(); ++it) {
        const std::string& path = it.key();
        const std::string pointer = "/files/" + pointerToken(path);
        if (std::string problem = casePackPathProblem(path); !problem.empty()) {
            error(pointer, "the file path \"" + path.substr(0, 200) + "\" " + problem);
            continue;
        }
        const json& entry = it.value();
        const bool asText =
            entry.is_object() && entry.size() == 1 && entry.contains("text") && entry["text"].is_string();
        const bool asBase64 =
            entry.is_object() && entry.size() == 1 && entry.contains("base64") && entry["base64"].is_string();
        if (!asText && !asBase64) {
            error(pointer, "the entry for \"" + path +
                               "\" must be {\"text\": \"...\"} or {\"base64\": \"...\"} and nothing else; the case "
                               "file was changed by hand or damaged: ask for it again");
            continue;
        }
        std::string bytes;
        if (asText) {
            bytes = entry["text"].get<std::string>();
        } else if (auto decoded = base64Decode(entry["base64"].get<std::string>())) {
            bytes = std::move(*decoded);
        } else {
            error(pointer + "/base64", "the content of \"" + path +
                                           "\" is not valid base64 (it was damaged on the way): ask for the case file "
                                           "again");
            continue;
        }
        total += bytes.size();
        if (bytes.size() > kMaxPluginFileBytes) {
            error(pointer, "\"" + path + "\" is larger than a case file may be (" +
                               std::to_string(kMaxPluginFileBytes >> 20) + " MiB)");
            continue;
        }
        pack.files[path] = std::move(bytes);
    }
    if (total > kMaxCasePackContentBytes)
        error("/files", "the files add up to more than " + std::to_string(kMaxCasePackContentBytes >> 20) +
                            " MiB, more than any case needs");
    // "a" and "a/b" cannot both be: one would have to be a file and a folder at once.
    for (const auto& [path, bytes] : pack.files) {
        (void)bytes;
        for (size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1))
            if (pack.files.count(path.substr(0, slash)))
                error("/files/" + pointerToken(path), "\"" + path.substr(0, slash) +
                                                          "\" is both a file and a folder in this case file; it "
                                                          "was damaged: ask for it again");
    }
    if (!files.contains("plugin.json"))
        error("/files", "the case file holds no plugin.json, so it is not a case; pack the case folder itself (the "
                        "one with plugin.json in it)");
    if (hasErrors(Diagnostics(diags.begin() + static_cast<std::ptrdiff_t>(before), diags.end()))) return std::nullopt;
    return pack;
}

std::optional<CasePack> loadCasePack(const fs::path& file, Diagnostics& diags) {
    auto text = readFileSafely(file, diags, file.string(), kMaxCasePackFileBytes);
    if (!text) return std::nullopt;
    return readCasePack(*text, file.string(), diags);
}

std::string compareVersions(const std::string& a, const std::string& b) {
    auto parts = [](const std::string& v, std::vector<long>& out) {
        size_t start = 0;
        while (start <= v.size()) {
            const size_t dot = v.find('.', start);
            const std::string part = v.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
            if (part.empty() || part.size() > 9 || part.find_first_not_of("0123456789") != std::string::npos)
                return false;
            out.push_back(std::stol(part));
            if (dot == std::string::npos) return true;
            start = dot + 1;
        }
        return false;
    };
    std::vector<long> x, y;
    if (!parts(a, x) || !parts(b, y)) return "";
    x.resize(std::max(x.size(), y.size()));
    y.resize(x.size());
    return x > y ? "newer" : x < y ? "older" : "the same";
}

// Writes the pack's files into `unpacked` and loads and lints the case there, as the user's plugins
// would. False when it cannot be installed, with the reason in `diags`.
bool unpackAndCheck(const CasePack& pack, const fs::path& unpacked, const KnowledgeBase& kb, Diagnostics& diags) {
    auto refuse = [&](const std::string& file, const std::string& message) {
        diags.push_back({Severity::Error, file, 0, 0, "", message});
        return false;
    };
    for (const auto& [relative, bytes] : pack.files) {
        if (std::string problem = casePackPathProblem(relative); !problem.empty())
            return refuse(relative, "the path " + problem); // readCasePack checks this; a hand-made CasePack may not
        if (!writeFileAtomically(unpacked / relative, bytes, diags)) return false;
    }
    ScenarioPlugin plugin = loadPlugin(unpacked, kb, PluginOrigin::User);
    const std::string prefix = unpacked.string() + "/";
    for (auto d : plugin.diagnostics) {
        // Name the file as it is in the pack, not the staging folder that is about to go.
        if (d.file.rfind(prefix, 0) == 0) d.file = "(in the case file) " + d.file.substr(prefix.size());
        diags.push_back(std::move(d));
    }
    if (hasErrors(plugin.diagnostics) || !plugin.scenario)
        return refuse(pack.id, "not installed: the case in this file has errors (above); ask its author to fix them "
                               "(`wpt lint`) and pack it again");
    if (plugin.manifest.id != pack.id)
        return refuse(pack.id, "not installed: the case file says id \"" + pack.id + "\" but its plugin.json says \"" +
                                   plugin.manifest.id + "\"; it was changed by hand: ask for it again");
    return true;
}

InstallReport previewCasePackInstall(const CasePack& pack, const fs::path& pluginsDir, const KnowledgeBase& kb,
                                     Diagnostics& diags) {
    InstallReport report;
    report.packVersion = pack.version;
    report.folder = pluginsDir / pack.id;
    auto refuse = [&](const std::string& file, const std::string& message) {
        diags.push_back({Severity::Error, file, 0, 0, "", message});
        report.outcome = InstallOutcome::Refused;
        return report;
    };
    if (!plainId(pack.id)) return refuse(pack.id, "the case file's id is not a plain id; it cannot be installed");
    std::error_code ec;
    static std::atomic<unsigned> counter{0};
    RemoveOnExit staging{fs::temp_directory_path(ec) /
                         ("wpcase-preview-" + std::to_string(::getpid()) + "-" + std::to_string(counter++))};
    if (ec) return refuse(pack.id, "there is no temporary folder to check the case in (" + ec.message() + ")");
    fs::remove_all(staging.dir, ec);
    const fs::path unpacked = staging.dir / pack.id;
    fs::create_directories(unpacked, ec);
    if (ec) return refuse(staging.dir.string(), "cannot create a folder to check the case in (" + ec.message() + ")");
    if (!unpackAndCheck(pack, unpacked, kb, diags)) {
        report.outcome = InstallOutcome::Refused;
        return report;
    }
    for (const auto& copy : installedCopies(pluginsDir))
        if (copy.id == pack.id) {
            report.existingFolder = copy.folder;
            report.existingVersion = copy.version;
            report.folder = copy.folder;
        }
    if (report.existingFolder.empty() && fs::exists(fs::symlink_status(report.folder, ec)))
        return refuse(report.folder.string(), "a folder with this name is already in the plugins folder and holds "
                                              "something else; move it away, then install again");
    report.outcome = report.existingFolder.empty() ? InstallOutcome::Installed : InstallOutcome::AlreadyInstalled;
    return report;
}

InstallReport installCasePack(const CasePack& pack, const fs::path& pluginsDir, const KnowledgeBase& kb, bool replace,
                              Diagnostics& diags) {
    InstallReport report;
    report.packVersion = pack.version;
    report.folder = pluginsDir / pack.id;
    auto refuse = [&](const std::string& file, const std::string& message) {
        diags.push_back({Severity::Error, file, 0, 0, "", message});
        report.outcome = InstallOutcome::Refused;
        return report;
    };
    if (!plainId(pack.id)) return refuse(pack.id, "the case file's id is not a plain id; it cannot be installed");
    std::error_code ec;
    fs::create_directories(pluginsDir, ec);
    if (ec || !fs::is_directory(pluginsDir, ec))
        return refuse(pluginsDir.string(), "cannot create the plugins folder (" + ec.message() + ")");

    // Staging inside the plugins folder, in a hidden folder: discovery looks for plugin.json one level
    // down only, so a staging copy left by a killed install is never taken for a case.
    recoverInterruptedInstalls(pluginsDir);
    RemoveOnExit staging{pluginsDir / (kStagingPrefix + std::to_string(::getpid()))};
    fs::remove_all(staging.dir, ec);
    const fs::path unpacked = staging.dir / pack.id;
    fs::create_directories(unpacked, ec);
    if (ec) return refuse(staging.dir.string(), "cannot create a folder to unpack into (" + ec.message() + ")");
    if (!unpackAndCheck(pack, unpacked, kb, diags)) {
        report.outcome = InstallOutcome::Refused;
        return report;
    }

    for (const auto& copy : installedCopies(pluginsDir))
        if (copy.id == pack.id) {
            report.existingFolder = copy.folder;
            report.existingVersion = copy.version;
            report.folder = copy.folder;
        }
    if (report.existingFolder.empty() && fs::exists(fs::symlink_status(report.folder, ec)))
        return refuse(report.folder.string(), "a folder with this name is already in the plugins folder and holds "
                                              "something else; move it away, then install again");
    if (report.existingFolder.empty()) {
        fs::rename(unpacked, report.folder, ec);
        if (ec) return refuse(report.folder.string(), "could not move the case into place (" + ec.message() + ")");
        report.outcome = InstallOutcome::Installed;
        return report;
    }
    if (!replace) {
        report.outcome = InstallOutcome::AlreadyInstalled;
        return report;
    }
    // Old aside, new in, old removed: at every moment one whole copy is in place or set aside.
    const fs::path aside = staging.dir / (kAsidePrefix + report.existingFolder.filename().string());
    fs::rename(report.existingFolder, aside, ec);
    if (ec)
        return refuse(report.existingFolder.string(),
                      "could not move the installed copy aside (" + ec.message() + "); nothing was changed");
    fs::rename(unpacked, report.folder, ec);
    if (ec) {
        std::error_code back;
        fs::rename(aside, report.existingFolder, back);
        return refuse(report.folder.string(),
                      "could not move the new copy into place (" + ec.message() + "); the installed copy is kept");
    }
    report.outcome = InstallOutcome::Replaced;
    return report; // the staging folder, with the old copy in it, is removed on the way out
}

} // namespace wp
