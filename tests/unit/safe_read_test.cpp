// Safe reading of JSON and plugin folders: whatever a file holds, the core gives a diagnostic and
// never throws, aborts, hangs or reads outside a plugin's folder. One test per finding of the
// December 2026 reliability review (Dn) and code review (B1x, "Other"), each failing without its fix.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "test_support.h"
#include "wholepicture/core/json_file.h"
#include "wholepicture/core/settings.h"

using namespace wp;
namespace fs = std::filesystem;

namespace {

using wp::test::all;
using wp::test::OpenRecorder;
using wp::test::readBytes;
using wp::test::Scratch;
using wp::test::writeText;

bool anyMessageHas(const Diagnostics& diags, const std::string& needle) {
    for (const auto& d : diags)
        if (d.message.find(needle) != std::string::npos) return true;
    return false;
}


} // namespace

// [SECTION] JSON text

TEST(JsonText, NumberOutsideDoubleRangeIsADiagnosticNotAnAbort) { // D1, B1c
    Diagnostics diags;
    auto f = parseJsonText("{\n  \"a\": 1,\n  \"b\": 1e400\n}", "x.json", diags);
    EXPECT_FALSE(f);
    ASSERT_EQ(diags.size(), 1u) << all(diags);
    EXPECT_EQ(diags[0].line, 3);
    EXPECT_EQ(diags[0].column, 8);
    EXPECT_NE(diags[0].message.find("1e400"), std::string::npos) << diags[0].message;
    EXPECT_NE(diags[0].message.find("too large"), std::string::npos) << diags[0].message;
    Diagnostics d2;
    EXPECT_FALSE(parseJsonText("[-" + std::string(400, '9') + "]", "x.json", d2));
    EXPECT_EQ(d2.size(), 1u);
}

TEST(JsonText, DeepNestingIsRefusedBeforeParsing) { // D5
    Diagnostics diags;
    auto f = parseJsonText(std::string(200000, '[') + std::string(200000, ']'), "deep.json", diags);
    EXPECT_FALSE(f);
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_NE(diags[0].message.find("nested more than 256"), std::string::npos) << diags[0].message;
    EXPECT_EQ(diags[0].column, 257);
    Diagnostics ok;
    EXPECT_TRUE(parseJsonText(std::string(200, '[') + std::string(200, ']'), "fine.json", ok)) << all(ok);
}

TEST(JsonText, TheLocatorDoesNotRecurse) { // D5: 200,000 levels must not overflow the stack
    JsonFile f;
    f.path = "deep.json";
    f.text = std::string(200000, '[') + "1" + std::string(200000, ']');
    std::string pointer;
    for (int i = 0; i < 1000; ++i) pointer += "/0";
    TextPosition p = f.locate(pointer);
    EXPECT_EQ(p.line, 1);
    EXPECT_EQ(p.column, 1001);
}

TEST(JsonText, DuplicateKeysAreAnErrorNamingBothLines) { // D13
    Diagnostics diags;
    auto f = parseJsonText("{\n  \"id\": \"a\",\n  \"inner\": {\"id\": 1},\n  \"id\": \"b\"\n}", "dup.json", diags);
    EXPECT_FALSE(f);
    ASSERT_EQ(diags.size(), 1u) << all(diags);
    EXPECT_EQ(diags[0].line, 4);
    EXPECT_NE(diags[0].message.find("\"id\" appears twice"), std::string::npos) << diags[0].message;
    EXPECT_NE(diags[0].message.find("line 2"), std::string::npos) << diags[0].message;
}

// "n\u0061me" is the key "name" to every JSON reader: written both ways, one is silently lost.
TEST(JsonText, DuplicateKeysAreFoundWhateverEscapesSpellThem) { // D13
    for (const std::string& spelled : {std::string("n\\u0061me"), std::string("\\u006e\\u0061\\u006d\\u0065"), std::string("nam\\u0065")}) {
        Diagnostics diags;
        auto f = parseJsonText("{\n  \"name\": \"a\",\n  \"" + spelled + "\": \"b\"\n}", "dup.json", diags);
        EXPECT_FALSE(f) << spelled;
        ASSERT_EQ(diags.size(), 1u) << spelled << ": " << all(diags);
        EXPECT_EQ(diags[0].line, 3) << spelled;
        EXPECT_NE(diags[0].message.find("appears twice"), std::string::npos) << diags[0].message;
    }
    // Escapes that make a different key, and escaped keys that differ, are not duplicates.
    for (const std::string& text : {std::string("{\"name\": 1, \"n\\u0061mes\": 2}"), std::string("{\"\\u0061\": 1, \"\\u0062\": 2}"),
                                    std::string("{\"a\\\"b\": 1, \"a\\\\b\": 2}")}) {
        Diagnostics diags;
        EXPECT_TRUE(parseJsonText(text, "ok.json", diags)) << text << ": " << all(diags);
    }
}

TEST(JsonText, NulBytesGetAPlainMessage) { // D13
    Diagnostics diags;
    EXPECT_FALSE(parseJsonText(std::string(64, '\0'), "zero.json", diags));
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_NE(diags[0].message.find("only NUL"), std::string::npos) << diags[0].message;
    EXPECT_EQ(diags[0].message.find("ends before"), std::string::npos);
    Diagnostics d2;
    EXPECT_FALSE(parseJsonText(std::string("{\"a\": 1}\n\0\x01\x02", 12), "bin.json", d2));
    ASSERT_EQ(d2.size(), 1u);
    EXPECT_EQ(d2[0].line, 2);
    EXPECT_NE(d2[0].message.find("binary data"), std::string::npos) << d2[0].message;
}

TEST(JsonText, HugeWholeNumbersArePrintedAsWritten) { // D13: 99999999999 was shown as 1215752191
    Diagnostics diags;
    auto f = parseJsonText(R"({"id": "x", "format_version": 99999999999})", "plugin.json", diags);
    ASSERT_TRUE(f);
    (void)parseManifest(*f, test::knowledgeBase(), diags);
    ASSERT_TRUE(anyMessageHas(diags, "99999999999")) << all(diags);
    EXPECT_FALSE(anyMessageHas(diags, "1215752191"));
}

// [SECTION] Reading files

TEST(SafeRead, ADirectoryWhereAFileBelongsIsNamedAsSuch) { // D3
    Scratch t("dir");
    fs::create_directories(t.dir / "settings.json");
    Diagnostics diags;
    EXPECT_FALSE(loadJsonFile(t.dir / "settings.json", diags));
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_NE(diags[0].message.find("is a directory, expected a file"), std::string::npos) << diags[0].message;
    Diagnostics d2;
    Settings s = loadSettings(t.dir / "settings.json", d2);
    EXPECT_EQ(s.theme, "dark");
    EXPECT_EQ(d2.size(), 1u);
}

TEST(SafeRead, AFifoNeverBlocks) { // D4
    Scratch t("fifo");
    const fs::path fifo = t.dir / "autosave.json";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    auto reading = std::async(std::launch::async, [&] {
        Diagnostics diags;
        (void)readAutosave(fifo, diags);
        return diags;
    });
    if (reading.wait_for(std::chrono::seconds(2)) != std::future_status::ready) {
        // Unblock the reader so the test can end, then fail.
        int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
        if (fd >= 0) ::close(fd);
        FAIL() << "reading a FIFO blocked";
    }
    Diagnostics diags = reading.get();
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_NE(diags[0].message.find("FIFO"), std::string::npos) << diags[0].message;
}

TEST(SafeRead, PluginFilesHaveASizeLimit) { // D12
    Scratch t("size");
    writeText(t.dir / "big.json", "[" + std::string(kMaxPluginFileBytes, ' ') + "]");
    Diagnostics diags;
    EXPECT_FALSE(loadJsonFileInFolder(t.dir, "big.json", diags));
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_NE(diags[0].message.find("24 MiB"), std::string::npos) << diags[0].message;
}

TEST(SafeRead, FilesThatReportNoSizeAreReadToTheEnd) { // D13: /proc files were "empty"
    Diagnostics diags;
    auto text = readFileSafely("/proc/self/status", diags);
    ASSERT_TRUE(text) << all(diags);
    EXPECT_NE(text->find("Pid:"), std::string::npos);
}

TEST(SafeRead, ADeviceIsNotRead) { // D13: /dev/zero was "the file is empty"
    Diagnostics diags;
    EXPECT_FALSE(readFileSafely("/dev/zero", diags));
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_NE(diags[0].message.find("character device, expected a file"), std::string::npos) << diags[0].message;
}

TEST(SafeRead, StaleTempFilesFromAKilledWriteAreRemoved) { // D11
    Scratch t("tmp");
    const fs::path file = t.dir / "autosave.json";
    const fs::path stale = t.dir / "autosave.json.tmp999999999"; // beyond pid_max: no such process
    const fs::path live = t.dir / "autosave.json.tmp1";          // pid 1 is alive
    const fs::path other = t.dir / "settings.json.tmp999999999";
    writeText(stale, "{");
    writeText(live, "{");
    writeText(other, "{");
    Diagnostics diags;
    ASSERT_TRUE(writeFileAtomically(file, "{}\n", diags));
    EXPECT_FALSE(fs::exists(stale));
    EXPECT_TRUE(fs::exists(live)) << "a writer that is still running keeps its temp file";
    EXPECT_TRUE(fs::exists(other)) << "only temp files of the file being written are touched";
}

// [SECTION] Plugin folders

namespace {

// A copy of the mini fixture in `dir`.
void copyMini(const fs::path& dir) {
    fs::create_directories(dir);
    fs::copy(test::fixtures() / "plugins/mini", dir, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
}

void expectNothingOpenedOutside(const OpenRecorder& rec, const fs::path& folder) {
    const fs::path real = fs::canonical(folder);
    for (const auto& p : rec.opened) {
        std::string s = fs::weakly_canonical(p).string();
        EXPECT_EQ(s.rfind(real.string(), 0), 0u) << "opened outside the plugin folder: " << p;
    }
}

} // namespace

TEST(PluginFolder, ASymlinkOutOfTheFolderIsNotOpened) { // D7
    Scratch t("symlink");
    const fs::path secret = t.dir / "secret.json";
    writeText(secret, "{\"password\": \"hunter2\" oops}");
    const fs::path plugin = t.dir / "plugin";
    copyMini(plugin);
    fs::remove(plugin / "scenario.json");
    fs::create_symlink(secret, plugin / "scenario.json");
    const KnowledgeBase& kb = test::knowledgeBase(); // read before watching: it lives outside the plugin
    OpenRecorder rec;
    ScenarioPlugin p = loadPlugin(plugin, kb);
    EXPECT_FALSE(p.usable());
    EXPECT_TRUE(anyMessageHas(p.diagnostics, "outside the plugin folder")) << all(p.diagnostics);
    EXPECT_EQ(all(p.diagnostics).find("hunter2"), std::string::npos);
    expectNothingOpenedOutside(rec, plugin);
}

TEST(PluginFolder, AnEntryThroughASymlinkedFolderIsNotOpened) { // D7: "entry": ["sub/passwd"], sub -> /etc
    Scratch t("subdir");
    const fs::path outside = t.dir / "outside";
    writeText(outside / "passwd", "root:x:0:0");
    const fs::path plugin = t.dir / "plugin";
    copyMini(plugin);
    fs::create_directory_symlink(outside, plugin / "sub");
    std::string manifest = readBytes(plugin / "plugin.json");
    manifest.replace(manifest.find("\"scenario.json\""), 15, "\"sub/passwd\"");
    writeText(plugin / "plugin.json", manifest);
    const KnowledgeBase& kb = test::knowledgeBase(); // read before watching: it lives outside the plugin
    OpenRecorder rec;
    ScenarioPlugin p = loadPlugin(plugin, kb);
    EXPECT_FALSE(p.usable());
    EXPECT_TRUE(anyMessageHas(p.diagnostics, "outside the plugin folder")) << all(p.diagnostics);
    EXPECT_EQ(all(p.diagnostics).find("root:x"), std::string::npos);
    expectNothingOpenedOutside(rec, plugin);
}

TEST(PluginFolder, EmptyAndDotEntriesAreRefusedPrecisely) { // D3: "" and "." passed the ".." check
    for (const std::string entry : {"", ".", "./", "sub/"}) {
        Scratch t("entry");
        const fs::path plugin = t.dir / "plugin";
        copyMini(plugin);
        std::string manifest = readBytes(plugin / "plugin.json");
        manifest.replace(manifest.find("\"scenario.json\""), 15, "\"" + entry + "\"");
        writeText(plugin / "plugin.json", manifest);
        ScenarioPlugin p;
        ASSERT_NO_THROW(p = loadPlugin(plugin, test::knowledgeBase())) << entry;
        EXPECT_FALSE(p.usable());
        ASSERT_EQ(p.diagnostics.size(), 1u) << all(p.diagnostics);
        EXPECT_EQ(p.diagnostics[0].pointer, "/entry/0");
        EXPECT_GT(p.diagnostics[0].line, 0);
    }
}

TEST(PluginFolder, AMissingEntryFileIsTracedToPluginJson) { // D13
    Scratch t("missing");
    const fs::path plugin = t.dir / "plugin";
    copyMini(plugin);
    fs::remove(plugin / "scenario.json");
    ScenarioPlugin p = loadPlugin(plugin, test::knowledgeBase());
    ASSERT_EQ(p.diagnostics.size(), 1u);
    EXPECT_NE(p.diagnostics[0].message.find("file not found"), std::string::npos);
    EXPECT_NE(p.diagnostics[0].message.find("named by \"entry\""), std::string::npos) << p.diagnostics[0].message;
}

TEST(PluginFolder, AnUnreadableSubFolderIsSkippedWithADiagnostic) { // B1d
    Scratch t("unreadable");
    copyMini(t.dir / "good");
    // A plugin.json that is a symlink loop: stat() fails with ELOOP, which the throwing
    // exists() turned into an exception (as EACCES does for a non-root user).
    fs::create_directories(t.dir / "looped");
    fs::create_symlink("plugin.json", t.dir / "looped" / "plugin.json");
    // A sub-folder that is itself a symlink loop.
    fs::create_symlink("loop", t.dir / "loop");
    std::vector<ScenarioPlugin> all;
    ASSERT_NO_THROW(all = discoverPlugins({{t.dir, PluginOrigin::User}}, test::knowledgeBase()));
    size_t usable = 0;
    for (const auto& p : all) usable += p.usable();
    EXPECT_EQ(usable, 1u);
    ASSERT_EQ(all.size(), 2u);
}

// B1d as the review met it: a sub-folder the user may not read (EACCES). Root reads everything, so
// as root the search runs in a child process that has become "nobody" first.
TEST(PluginFolder, ASubFolderWithoutPermissionIsSkippedWithADiagnostic) { // B1d
    Scratch t("no_permission");
    fs::permissions(t.dir, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read |
                               fs::perms::others_exec);
    copyMini(t.dir / "good");
    copyMini(t.dir / "locked" / "inner");
    fs::permissions(t.dir / "locked", fs::perms::none);
    const KnowledgeBase& kb = test::knowledgeBase(); // read before the fork: the child may not read content/
    // 0: one usable case and a diagnostic naming the locked folder; 1: wrong result; 2: threw; 3: not denied.
    auto search = [&]() -> int {
        std::error_code ec;
        (void)fs::directory_iterator(t.dir / "locked", ec);
        if (!ec) return 3; // permissions are not enforced here (a file system without them)
        try {
            const std::vector<ScenarioPlugin> all = discoverPlugins({{t.dir, PluginOrigin::User}}, kb);
            size_t usable = 0;
            bool named = false;
            for (const auto& p : all) {
                usable += p.usable();
                for (const auto& d : p.diagnostics) named = named || d.file.find("locked") != std::string::npos ||
                                                                 d.message.find("locked") != std::string::npos;
            }
            return usable == 1 && named ? 0 : 1;
        } catch (...) {
            return 2;
        }
    };
    int result = 0;
    if (::geteuid() != 0) {
        result = search();
    } else {
        const pid_t child = ::fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(4);
            ::_exit(search());
        }
        int status = 0;
        ASSERT_EQ(::waitpid(child, &status, 0), child);
        ASSERT_TRUE(WIFEXITED(status)) << "the search ended by a signal";
        result = WEXITSTATUS(status);
    }
    fs::permissions(t.dir / "locked", fs::perms::owner_all);
    if (result == 3 || result == 4) GTEST_SKIP() << "permissions cannot be denied here";
    EXPECT_NE(result, 2) << "the search threw";
    EXPECT_EQ(result, 0) << "expected the good case loaded and the locked folder named in a diagnostic";
}

TEST(PluginFolder, ScoreChangesAreBoundedAtParse) { // code review: unbounded score deltas
    Diagnostics diags;
    auto f = parseJsonText(readBytes(test::fixtures() / "plugins/mini/scenario.json"), "scenario.json", diags);
    ASSERT_TRUE(f);
    // Put a huge delta on the first option that changes a score.
    std::function<bool(nlohmann::json&)> plant = [&](nlohmann::json& v) {
        if (v.is_object()) {
            if (v.contains("scores") && v["scores"].is_object() && !v["scores"].empty()) {
                v["scores"].begin().value() = 3000000000LL;
                return true;
            }
            for (auto& [k, c] : v.items())
                if (plant(c)) return true;
        } else if (v.is_array()) {
            for (auto& c : v)
                if (plant(c)) return true;
        }
        return false;
    };
    ASSERT_TRUE(plant(f->value));
    auto g = parseJsonText(f->value.dump(2), "scenario.json", diags);
    ASSERT_TRUE(g);
    (void)parseScenario(*g, diags);
    EXPECT_TRUE(anyMessageHas(diags, "3000000000 is out of range")) << all(diags);
}


TEST(JsonText, BinaryFilesAreCalledBinary) { // D13: not "saved in Windows-1252"
    Diagnostics diags;
    std::string bin;
    for (int i = 0; i < 512; ++i) bin += static_cast<char>((i * 37 + 11) % 255 + 1); // no NUL, many controls
    EXPECT_FALSE(parseJsonText(bin, "image.json", diags));
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_NE(diags[0].message.find("binary data"), std::string::npos) << diags[0].message;
}
