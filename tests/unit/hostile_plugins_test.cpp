// A corpus of hostile plugins, made in a temp folder: every one must make `wpt lint` exit 1 with a
// diagnostic naming the file, within 2 s and not by a signal; loading it in-process must open nothing
// outside the plugin folder. (Reliability review: 12 of 85 hostile plugins aborted `wpt lint`, 6 hung
// it, deep nesting crashed it, and symlinks read /etc/passwd.)
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "test_support.h"
#include "wholepicture/core/json_file.h"

using namespace wp;
namespace fs = std::filesystem;

namespace {

// The shared helpers (test_support.h) under the names this file reads best with.
void put(const fs::path& p, const std::string& text) { test::writeText(p, text); }
std::string slurp(const fs::path& p) { return test::readBytes(p); }

std::string miniManifest() { return slurp(test::fixtures() / "plugins/mini/plugin.json"); }
std::string miniScenario() { return slurp(test::fixtures() / "plugins/mini/scenario.json"); }

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    auto at = text.find(from);
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
}

// Files outside every plugin folder that a case may link to; none may ever be opened.
void makeOutside(const fs::path& outside) {
    fs::create_directories(outside);
    put(outside / "plugin.json", miniManifest());
    put(outside / "secret.json", "{\"secret\": \"do-not-echo\"}");
    ::mkfifo((outside / "pipe").c_str(), 0600);
}

using Maker = std::function<void(const fs::path& dir, const fs::path& outside)>;

// name -> how to make that plugin folder. Built per test, so a ctest process makes only its case.
const std::vector<std::pair<std::string, Maker>>& makers() {
    static const std::vector<std::pair<std::string, Maker>> list = [] {
        std::vector<std::pair<std::string, Maker>> l;
        auto files = [&](const std::string& name, std::function<std::string()> manifest,
                         std::function<std::string()> scenario) {
            l.push_back({name, [manifest, scenario](const fs::path& d, const fs::path&) {
                             fs::create_directories(d);
                             if (manifest) put(d / "plugin.json", manifest());
                             if (scenario) put(d / "scenario.json", scenario());
                         }});
        };
        auto linked = [&](const std::string& name, std::function<void(const fs::path&, const fs::path&)> extra,
                          bool withManifest = true, bool withScenario = false) {
            l.push_back({name, [extra, withManifest, withScenario](const fs::path& d, const fs::path& o) {
                             fs::create_directories(d);
                             if (withManifest) put(d / "plugin.json", miniManifest());
                             if (withScenario) put(d / "scenario.json", miniScenario());
                             extra(d, o);
                         }});
        };
        auto m = [] { return miniManifest(); };
        auto s = [] { return miniScenario(); };
        auto text = [](std::string t) { return [t] { return t; }; };
        auto mEdit = [](std::string from, std::string to) { return [from, to] { return replaced(miniManifest(), from, to); }; };
        files("empty_manifest", text(""), s);
        files("null_manifest", text("null"), s);
        files("array_manifest", text("[1, 2, 3]"), s);
        files("garbage_manifest", text(std::string("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", 18)), s);
        files("bom_then_truncated", text("\xEF\xBB\xBF{\"id\": \"x\""), s);
        files("bom_then_null", text("\xEF\xBB\xBFnull"), s);
        files("deep_nesting_scenario", m, text(std::string(200000, '[')));
        files("deep_nesting_with_error", text(std::string(200000, '[') + "x"), s);
        files("deep_objects_manifest", [] {
            std::string t;
            for (int i = 0; i < 100000; ++i) t += "{\"a\":";
            return t + "1" + std::string(100000, '}');
        }, s);
        files("twenty_mb_string", [] { return "{\"id\": \"" + std::string(20u << 20, 'a') + "\"}"; }, s);
        files("seven_mb_id", mEdit("\"mini\"", "\"" + std::string(7u << 20, 'a') + "\""), s);
        files("seven_mb_string_and_overflow", m,
              [] { return replaced(miniScenario(), "{", "{\"_comment\": \"" + std::string(7u << 20, 'x') + "\", \"b\": 1e400,"); });
        files("number_overflow_manifest", mEdit("\"minutes\": 5", "\"minutes\": 1e400"), s);
        files("number_overflow_scenario", m, [] { return replaced(miniScenario(), "{", "{\"_comment\": -1e999,"); });
        files("huge_integer", mEdit("\"format_version\": 1", "\"format_version\": 99999999999"), s);
        files("duplicate_keys", mEdit("{", "{\"id\": \"other\","), s);
        files("id_traversal", mEdit("\"mini\"", "\"../autosave\""), s);
        files("id_slash", mEdit("\"mini\"", "\"a/b\""), s);
        files("nul_scenario", m, text(std::string(4096, '\0')));
        files("binary_scenario", m, text(std::string("\x7f" "ELF\x02\x01\x01\x00\x00\x00\xff\xfe\x80", 14)));
        files("entry_empty", mEdit("\"scenario.json\"", "\"\""), s);
        files("entry_dot", mEdit("\"scenario.json\"", "\".\""), s);
        files("entry_dotdot", mEdit("\"scenario.json\"", "\"../x/scenario.json\""), s);
        files("entry_absolute", mEdit("\"scenario.json\"", "\"/etc/passwd\""), s);
        files("entry_number", mEdit("[\"scenario.json\"]", "[5]"), s);
        linked("scenario_symlink_etc_passwd", [](const fs::path& d, const fs::path&) {
            fs::create_symlink("/etc/passwd", d / "scenario.json");
        });
        linked("scenario_symlink_outside_secret", [](const fs::path& d, const fs::path& o) {
            fs::create_symlink(o / "secret.json", d / "scenario.json");
        });
        linked("manifest_symlink_outside", [](const fs::path& d, const fs::path& o) {
            fs::create_symlink(o / "plugin.json", d / "plugin.json");
        }, false, true);
        linked("entry_through_symlinked_dir", [](const fs::path& d, const fs::path&) {
            put(d / "plugin.json", replaced(miniManifest(), "\"scenario.json\"", "\"sub/passwd\""));
            fs::create_directory_symlink("/etc", d / "sub");
        }, false, true);
        linked("scenario_fifo", [](const fs::path& d, const fs::path&) { ::mkfifo((d / "scenario.json").c_str(), 0600); });
        linked("manifest_fifo", [](const fs::path& d, const fs::path&) { ::mkfifo((d / "plugin.json").c_str(), 0600); },
               false, true);
        linked("scenario_symlink_to_outside_fifo", [](const fs::path& d, const fs::path& o) {
            fs::create_symlink(o / "pipe", d / "scenario.json");
        });
        linked("scenario_symlink_to_inside_fifo", [](const fs::path& d, const fs::path&) {
            ::mkfifo((d / "pipe").c_str(), 0600);
            fs::create_symlink("pipe", d / "scenario.json");
        });
        linked("scenario_dev_zero", [](const fs::path& d, const fs::path&) { fs::create_symlink("/dev/zero", d / "scenario.json"); });
        linked("scenario_dev_urandom", [](const fs::path& d, const fs::path&) {
            fs::create_symlink("/dev/urandom", d / "scenario.json");
        });
        linked("scenario_proc_environ", [](const fs::path& d, const fs::path&) {
            fs::create_symlink("/proc/self/environ", d / "scenario.json");
        });
        linked("manifest_is_directory", [](const fs::path& d, const fs::path&) { fs::create_directories(d / "plugin.json"); },
               false, true);
        linked("scenario_is_directory", [](const fs::path& d, const fs::path&) { fs::create_directories(d / "scenario.json"); });
        linked("scenario_symlink_loop", [](const fs::path& d, const fs::path&) { fs::create_symlink("scenario.json", d / "scenario.json"); });
        linked("scenario_dangling_symlink", [](const fs::path& d, const fs::path& o) {
            fs::create_symlink(o / "nothing-here.json", d / "scenario.json");
        });
        return l;
    }();
    return list;
}

std::vector<std::string> caseNames() {
    std::vector<std::string> names;
    for (const auto& [name, make] : makers()) names.push_back(name);
    return names;
}

// A scratch root with an "outside" folder and the requested cases, removed at the end.
struct Corpus {
    fs::path root, outside;
    explicit Corpus(const std::vector<std::string>& names) {
        fs::path base = fs::temp_directory_path() / ("wp_hostile_" + std::to_string(::getpid()));
        root = base / "plugins";
        outside = base / "outside";
        fs::remove_all(base);
        fs::create_directories(root);
        makeOutside(outside);
        for (const auto& [name, make] : makers())
            if (std::find(names.begin(), names.end(), name) != names.end()) make(root / name, outside);
    }
    ~Corpus() {
        std::error_code ec;
        fs::remove_all(root.parent_path(), ec);
    }
};

struct Outcome {
    bool finished = false;
    bool signalled = false;
    int status = -1;
    std::string output;
    double seconds = 0;
};

// Runs `wpt ARGS...` with stdout and stderr in a file; kills it after `limit`.
Outcome runWpt(const std::vector<std::string>& args, std::chrono::milliseconds limit) {
    Outcome o;
    const fs::path out = fs::temp_directory_path() / ("wp_hostile_out_" + std::to_string(::getpid()));
    auto start = std::chrono::steady_clock::now();
    pid_t pid = ::fork();
    if (pid == 0) {
        int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ::dup2(fd, 1);
        ::dup2(fd, 2);
        std::vector<char*> argv{const_cast<char*>("wpt")};
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::execv(WPT_BINARY, argv.data());
        ::_exit(127);
    }
    int st = 0;
    while (true) {
        pid_t r = ::waitpid(pid, &st, WNOHANG);
        if (r == pid) {
            o.finished = true;
            break;
        }
        if (std::chrono::steady_clock::now() - start > limit) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &st, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (o.finished) {
        o.signalled = WIFSIGNALED(st);
        o.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    }
    o.output = slurp(out);
    if (o.output.size() > 4000) o.output = o.output.substr(0, 4000) + "...";
    fs::remove(out);
    return o;
}

Outcome runLint(const fs::path& dir, std::chrono::milliseconds limit) { return runWpt({"lint", dir.string()}, limit); }

// 2 s is the promise for a release build; a Debug or sanitizer build (tools/test's second pass) runs
// the same code many times slower, and a hang is still caught by the longer limit.
#if defined(NDEBUG) && !defined(__SANITIZE_ADDRESS__)
constexpr std::chrono::milliseconds kLintLimit{2000};
#else
constexpr std::chrono::milliseconds kLintLimit{30000};
#endif
// A command that is not meant to be slow: a hang is caught; a loaded machine or a sanitizer build is not.
constexpr std::chrono::milliseconds kCommandLimit = std::max(kLintLimit, std::chrono::milliseconds{10000});

class HostilePlugin : public ::testing::TestWithParam<std::string> {};

} // namespace

TEST_P(HostilePlugin, WptLintExitsOneWithADiagnosticInTime) {
    Corpus corpus({GetParam()});
    const fs::path dir = corpus.root / GetParam();
    Outcome o = runLint(dir, kLintLimit);
    ASSERT_TRUE(o.finished) << "wpt lint did not finish within " << kLintLimit.count() << " ms (hung); output:\n" << o.output;
    EXPECT_FALSE(o.signalled) << "wpt lint was killed by a signal; output:\n" << o.output;
    EXPECT_EQ(o.status, 1) << o.output;
    EXPECT_NE(o.output.find(dir.string()), std::string::npos) << "no diagnostic names the file:\n" << o.output;
    EXPECT_NE(o.output.find("error"), std::string::npos) << o.output;
    EXPECT_EQ(o.output.find("do-not-echo"), std::string::npos) << "content of an outside file was echoed";
    EXPECT_EQ(o.output.find("root:"), std::string::npos) << "content of /etc/passwd was echoed";
}

TEST_P(HostilePlugin, LoadingOpensNothingOutsideTheFolder) {
    Corpus corpus({GetParam()});
    const fs::path dir = corpus.root / GetParam();
    const std::string real = fs::canonical(dir).string() + "/";
    const KnowledgeBase& kb = test::knowledgeBase(); // read before watching: it lives outside the plugin
    std::vector<fs::path> opened;
    setFileOpenObserver([&](const fs::path& p) { opened.push_back(p); });
    ScenarioPlugin p;
    EXPECT_NO_THROW(p = loadPlugin(dir, kb, PluginOrigin::CommandLine));
    setFileOpenObserver({});
    EXPECT_FALSE(p.usable());
    EXPECT_TRUE(hasErrors(p.diagnostics));
    for (const auto& o : opened) {
        std::error_code ec;
        std::string at = fs::weakly_canonical(o, ec).string();
        EXPECT_EQ(at.rfind(real, 0), 0u) << GetParam() << " opened " << o;
    }
}

INSTANTIATE_TEST_SUITE_P(Corpus, HostilePlugin, ::testing::ValuesIn(caseNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

TEST(HostileCorpus, TheWholeCorpusLintsInOneRunAndAGoodPluginStillLoads) {
    Corpus corpus(caseNames());
    // One good plugin among the hostile ones: it must still load (one bad plugin takes nothing down).
    // It sorts last, and has an id of its own (the hostile copies of mini claim "mini" first).
    const fs::path good = corpus.root / "zz_good";
    fs::create_directories(good);
    fs::copy(test::fixtures() / "plugins/mini", good, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    put(good / "plugin.json", replaced(miniManifest(), "\"mini\"", "\"zz_good\""));
    std::vector<ScenarioPlugin> all;
    ASSERT_NO_THROW(all = discoverPlugins({{corpus.root, PluginOrigin::User}}, test::knowledgeBase()));
    size_t usable = 0;
    for (const auto& p : all) usable += p.usable();
    EXPECT_EQ(usable, 1u);
    EXPECT_EQ(all.size(), makers().size() + 1);
    Outcome o = runLint(corpus.root, kLintLimit * 10);
    ASSERT_TRUE(o.finished);
    EXPECT_FALSE(o.signalled);
    EXPECT_EQ(o.status, 1);
}

// The code review's B1 inputs on records, through the commands that read them: `wpt room-report`
// and `wpt report` aborted (type_error 302). Now: a message and status 0 (warnings) or 1, never a
// signal, and the record is left byte-identical.
TEST(HostileRecords, WptReportCommandsNeverAbortAndLeaveTheRecordAlone) {
    const fs::path dir = fs::temp_directory_path() / ("wp_hostile_records_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string plugins = (test::fixtures() / "plugins").string();
    const std::string room = R"({"format": "wholepicture-room", "version": 1, "id": "room-1", "plugin": "mini",
        "plugin_version": "1.0.0", "created_ms": 1700000000000, "timer_seconds": 0,
        "groups": [{"name": "Table 1", "profession": "class_teacher"}], "paused": false, "closed": false,
        "breaks": [], "events": []})";
    const std::string session = R"({"format": "wholepicture-session", "version": 1, "plugin": "mini",
        "plugin_version": "1.0.0", "role": "class_teacher", "started_ms": 1700000000000, "path": [],
        "reflection": ""})";
    struct Case {
        std::string name, base, from, to;
        bool isRoom;
        int status; // expected exit status
    };
    const std::vector<Case> cases = {
        {"closed_no", room, "\"closed\": false", "\"closed\": \"no\"", true, 0},
        {"id_number", room, "\"id\": \"room-1\"", "\"id\": 5", true, 0},
        {"id_traversal", room, "\"id\": \"room-1\"", "\"id\": \"../autosave\"", true, 0},
        {"created_huge", room, "1700000000000", "1e300", true, 0},
        {"created_overflow", room, "1700000000000", "1e400", true, 1},
        {"groups_number", room, "\"groups\": [{\"name\": \"Table 1\", \"profession\": \"class_teacher\"}]", "\"groups\": 5", true, 1},
        {"version_string", room, "\"version\": 1", "\"version\": \"1\"", true, 1},
        {"reflection_null", session, "\"reflection\": \"\"", "\"reflection\": null", false, 0},
        {"session_version_string", session, "\"version\": 1", "\"version\": \"1\"", false, 1},
        {"session_started_huge", session, "1700000000000", "1e300", false, 0},
        {"session_format_number", session, "\"format\": \"wholepicture-session\"", "\"format\": 5", false, 1},
    };
    for (const auto& c : cases) {
        const fs::path file = dir / (c.name + ".json");
        put(file, replaced(c.base, c.from, c.to));
        const std::string before = slurp(file);
        const std::string out = (dir / (c.name + ".html")).string();
        Outcome o = c.isRoom ? runWpt({"room-report", file.string(), "-o", out, "--plugins", plugins}, kCommandLimit)
                             : runWpt({"report", file.string(), "-o", out, "--plugins", plugins}, kCommandLimit);
        ASSERT_TRUE(o.finished) << c.name;
        EXPECT_FALSE(o.signalled) << c.name << ":\n" << o.output;
        EXPECT_EQ(o.status, c.status) << c.name << ":\n" << o.output;
        if (c.status == 1) {
            EXPECT_NE(o.output.find(file.string()), std::string::npos) << c.name << ":\n" << o.output;
        }
        EXPECT_EQ(slurp(file), before) << c.name;
    }
    fs::remove_all(dir);
}

// B1e: a folder name that is not UTF-8 made nlohmann's dump() throw type_error 316.
TEST(HostileRecords, JsonOutputSurvivesAFolderNameThatIsNotUtf8) {
    const fs::path dir = fs::temp_directory_path() / ("wp_hostile_latin1_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    const fs::path plugin = dir / "caf\xe9";
    fs::create_directories(plugin);
    fs::copy(test::fixtures() / "plugins/mini", plugin, fs::copy_options::recursive);
    Outcome o = runWpt({"lint", "--format", "json", plugin.string()}, kCommandLimit);
    ASSERT_TRUE(o.finished);
    EXPECT_FALSE(o.signalled) << o.output;
    EXPECT_EQ(o.status, 0) << o.output;
    EXPECT_NE(o.output.find("caf\xef\xbf\xbd"), std::string::npos) << o.output;
    fs::remove_all(dir);
}
