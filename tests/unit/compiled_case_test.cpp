// The compiled case (compiled_case.h): an unchanged case read cleanly before loads from its binary form
// with exactly the scenario its JSON gives, and any entry that is not whole and ours is a miss.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <map>

#include "test_support.h"
#include "wholepicture/core/compiled_case.h"
#include "wholepicture/core/content_hash.h"

using namespace wp;
namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t kSignature = 0x1234abcd5678ef90ull;

const Scenario& bundled(const std::string& id) {
    static std::map<std::string, ScenarioPlugin> loaded;
    auto it = loaded.find(id);
    if (it == loaded.end()) it = loaded.emplace(id, loadPlugin(test::sourceDir() / "plugins" / id, test::knowledgeBase())).first;
    EXPECT_TRUE(it->second.usable()) << test::all(it->second.diagnostics);
    return *it->second.scenario;
}

// An entry whose checksum is right for `payload`, so only the decoder's own checks stand in the way.
std::string entryWithPayload(const std::string& payload, std::uint64_t signature) {
    std::string bytes = encodeCompiledCase(Scenario{}, signature);
    const size_t header = 32;
    std::string out = bytes.substr(0, header);
    const std::uint64_t size = payload.size();
    std::memcpy(out.data() + 24, &size, sizeof size);
    out += payload;
    const std::uint64_t checksum = contentHash64(payload, kFnvOffset);
    out.append(reinterpret_cast<const char*>(&checksum), sizeof checksum);
    return out;
}

// A condition whose "any" holds one condition, `depth` times over.
Condition nestedAny(int depth) {
    Condition c;
    for (int i = 0; i < depth; ++i) {
        Condition outer;
        outer.any.push_back(std::move(c));
        c = std::move(outer);
    }
    return c;
}

TEST(ContentHash, AnyOneByteChangedOrAddedChangesTheHash) {
    std::string text(67, 'a'); // eight whole words and three bytes over
    const std::uint64_t base = contentHash64(text, kFnvOffset);
    for (size_t i = 0; i < text.size(); ++i) {
        std::string changed = text;
        changed[i] = 'b';
        EXPECT_NE(contentHash64(changed, kFnvOffset), base) << "byte " << i;
    }
    EXPECT_NE(contentHash64(text + std::string(1, '\0'), kFnvOffset), base) << "a trailing zero byte";
    EXPECT_NE(contentHash64(std::string(8, '\0'), kFnvOffset), contentHash64(std::string(16, '\0'), kFnvOffset));
    EXPECT_NE(contentHash64(text, kFnvOffset), contentHash64(text, kFnvOffset + 1)) << "continues from the hash given";
}

TEST(CompiledCase, EveryBundledCaseComesBackExactlyAsItsJsonReadsIt) {
    for (const char* id : {"peter", "james", "tina"}) {
        const Scenario& s = bundled(id);
        const std::optional<Scenario> back = decodeCompiledCase(encodeCompiledCase(s, kSignature), kSignature);
        ASSERT_TRUE(back) << id;
        // Every field (the defaulted ==), the indexes rebuilt included.
        EXPECT_TRUE(*back == s) << id << ": a field is lost or changed on the way through the compiled form";
        EXPECT_EQ(back->nodeIndex.size(), s.nodeIndex.size()) << id;
    }
}

TEST(ScenarioMemory, ACaseReadFromItsJsonKeepsNoSpareRoomInItsLists) {
    // Each list sized to the JSON array it comes from: a vector grown one push at a time keeps up to
    // twice its size, and on a large case the options are a good part of its memory.
    Diagnostics diags;
    const std::optional<JsonFile> file = loadJsonFile(test::sourceDir() / "plugins" / "tina" / "scenario.json", diags);
    ASSERT_TRUE(file) << test::all(diags);
    const std::optional<Scenario> s = parseScenario(*file, diags);
    ASSERT_TRUE(s) << test::all(diags);
    size_t withOptions = 0;
    for (const Node& n : s->nodes) {
        EXPECT_EQ(n.options.capacity(), n.options.size()) << n.id;
        EXPECT_EQ(n.perspectives.capacity(), n.perspectives.size()) << n.id;
        withOptions += n.options.size() > 2;
    }
    EXPECT_GT(withOptions, 5u) << "nodes with several options, where a grown list would have room to spare";
}

TEST(CompiledCase, TheComparisonSeesAChangedField) {
    // The round-trip test above is only as good as ==: a field changed anywhere deep must make it false.
    const Scenario& s = bundled("tina");
    Scenario changed = s;
    ASSERT_TRUE(changed == s);
    for (auto& n : changed.nodes)
        if (!n.options.empty()) {
            n.options.back().feedback.guidance.push_back({"x", "y"});
            break;
        }
    EXPECT_FALSE(changed == s);
}

TEST(CompiledCase, AnEntryThatIsNotWholeOrNotOursIsAMiss) {
    const std::string good = encodeCompiledCase(bundled("peter"), kSignature);
    ASSERT_TRUE(decodeCompiledCase(good, kSignature));
    EXPECT_FALSE(decodeCompiledCase(good, kSignature + 1)) << "another signature: another case or program";
    EXPECT_FALSE(decodeCompiledCase("", kSignature));
    EXPECT_FALSE(decodeCompiledCase(good.substr(0, good.size() / 2), kSignature)) << "torn";
    EXPECT_FALSE(decodeCompiledCase(good.substr(0, good.size() - 1), kSignature)) << "one byte short";
    EXPECT_FALSE(decodeCompiledCase(good + "x", kSignature)) << "one byte more";
    std::string flipped = good;
    flipped[good.size() / 2] ^= 0x20;
    EXPECT_FALSE(decodeCompiledCase(flipped, kSignature)) << "a changed byte fails the checksum";
    std::string magic = good;
    magic[0] = 'X';
    EXPECT_FALSE(decodeCompiledCase(magic, kSignature));
    std::string format = good;
    format[8] = 99;
    EXPECT_FALSE(decodeCompiledCase(format, kSignature)) << "a later format";
}

TEST(CompiledCase, AHostileEntryWithARightChecksumIsStillAMissNotACrash) {
    // The format version, then a title of four thousand million bytes in a payload of sixteen: refused,
    // never read past the end.
    std::string huge("\x01\0\0\0\xf0\xff\xff\xff", 8);
    huge += std::string(8, '\0');
    EXPECT_FALSE(decodeCompiledCase(entryWithPayload(huge, kSignature), kSignature));
    // An enum value that does not exist, and a bool that is neither 0 nor 1.
    Scenario s = bundled("peter");
    std::string bytes = encodeCompiledCase(s, kSignature);
    const std::string payload = bytes.substr(32, bytes.size() - 40);
    ASSERT_TRUE(decodeCompiledCase(entryWithPayload(payload, kSignature), kSignature)) << "the helper itself is right";
    EXPECT_FALSE(decodeCompiledCase(entryWithPayload(payload + "\x01", kSignature), kSignature)) << "a byte left over";
    // Conditions nested far deeper than a case may write them (the reader stops at 8).
    Scenario deep = s;
    deep.nodes.front().next.push_back({nestedAny(40), "x", "/p"});
    EXPECT_FALSE(decodeCompiledCase(encodeCompiledCase(deep, kSignature), kSignature)) << "stopped, not a stack overflow";
    Scenario shallow = s;
    shallow.nodes.front().next.push_back({nestedAny(8), "x", "/p"});
    const auto back = decodeCompiledCase(encodeCompiledCase(shallow, kSignature), kSignature);
    ASSERT_TRUE(back) << "the depth a case may write comes through";
    EXPECT_TRUE(*back == shallow);
}

class CompiledCaseLoad : public ::testing::Test {
protected:
    void SetUp() override {
        fs::copy(test::sourceDir() / "plugins/tina", scratch.dir / "tina", fs::copy_options::recursive);
        cache.dir = scratch.dir / "cache" / "lint";
    }
    ScenarioPlugin load(LoadStats& stats) { return loadPlugin(scratch.dir / "tina", test::knowledgeBase(), PluginOrigin::User, &cache, &stats); }
    std::vector<fs::path> caseEntries() const {
        std::vector<fs::path> out;
        std::error_code ec;
        for (fs::directory_iterator it(cache.dir, ec), end; !ec && it != end; it.increment(ec))
            if (it->path().extension() == ".case") out.push_back(it->path());
        return out;
    }

    test::Scratch scratch{"compiled_case"};
    LintCache cache;
};

TEST_F(CompiledCaseLoad, TheSecondLoadOfAnUnchangedCaseSkipsTheJsonWithTheSameResult) {
    LoadStats first;
    const ScenarioPlugin a = load(first);
    ASSERT_TRUE(a.usable()) << test::all(a.diagnostics);
    EXPECT_FALSE(first.caseFromCache);
    EXPECT_TRUE(first.caseWritten);
    ASSERT_EQ(caseEntries().size(), 1u);

    test::OpenRecorder opened;
    LoadStats second;
    const ScenarioPlugin b = load(second);
    ASSERT_TRUE(b.usable());
    EXPECT_TRUE(second.caseFromCache);
    EXPECT_FALSE(second.caseWritten) << "nothing new to store";
    EXPECT_TRUE(*b.scenario == *a.scenario);
    EXPECT_EQ(test::all(b.diagnostics), test::all(a.diagnostics));
    // Still read, and still hashed: the signature is of its bytes (an edit must never load a stale case).
    EXPECT_NE(std::find(opened.opened.begin(), opened.opened.end(), scratch.dir / "tina/scenario.json"), opened.opened.end());
}

TEST_F(CompiledCaseLoad, AnEditedCaseIsReadFromItsJsonAndReplacesItsOlderEntry) {
    LoadStats first;
    (void)load(first);
    const std::vector<fs::path> before = caseEntries();
    ASSERT_EQ(before.size(), 1u);
    // A real edit: the case's title.
    std::string json = test::readBytes(scratch.dir / "tina/scenario.json");
    const std::string title = bundled("tina").title;
    const size_t at = json.find(title);
    ASSERT_NE(at, std::string::npos);
    json.replace(at, title.size(), "An edited title");
    test::writeText(scratch.dir / "tina/scenario.json", json);

    LoadStats second;
    const ScenarioPlugin b = load(second);
    ASSERT_TRUE(b.usable()) << test::all(b.diagnostics);
    EXPECT_FALSE(second.caseFromCache) << "the edit is read, not the old compiled case";
    EXPECT_EQ(b.scenario->title, "An edited title");
    EXPECT_TRUE(second.caseWritten);
    const std::vector<fs::path> after = caseEntries();
    ASSERT_EQ(after.size(), 1u) << "one entry per case folder: an author's edits do not pile up copies";
    EXPECT_NE(after.front(), before.front());

    LoadStats third;
    EXPECT_EQ(load(third).scenario->title, "An edited title");
    EXPECT_TRUE(third.caseFromCache);
}

TEST_F(CompiledCaseLoad, ACorruptEntryIsReadFromTheJsonAndNeverTheUsersProblem) {
    LoadStats first;
    const ScenarioPlugin a = load(first);
    const std::vector<fs::path> files = caseEntries();
    ASSERT_EQ(files.size(), 1u);
    std::string bytes = test::readBytes(files.front());
    for (const std::string& junk : {std::string(), bytes.substr(0, bytes.size() / 3), std::string("{\"not\": \"ours\"}")}) {
        test::writeText(files.front(), junk);
        LoadStats stats;
        const ScenarioPlugin b = load(stats);
        EXPECT_FALSE(stats.caseFromCache);
        ASSERT_TRUE(b.usable());
        EXPECT_TRUE(*b.scenario == *a.scenario);
        EXPECT_EQ(test::all(b.diagnostics), test::all(a.diagnostics));
    }
}

TEST_F(CompiledCaseLoad, ACaseWithErrorsOrAReadOnlyCacheStoresNothing) {
    fs::copy(test::fixtures() / "broken/loop_no_ending", scratch.dir / "broken", fs::copy_options::recursive);
    LoadStats stats;
    EXPECT_FALSE(loadPlugin(scratch.dir / "broken", test::knowledgeBase(), PluginOrigin::User, &cache, &stats).usable());
    EXPECT_FALSE(stats.caseWritten);
    EXPECT_TRUE(caseEntries().empty());

    cache.write = false;
    LoadStats readOnly;
    EXPECT_TRUE(load(readOnly).usable());
    EXPECT_FALSE(readOnly.caseWritten);
    EXPECT_TRUE(caseEntries().empty());
}

// From 256 nodes, parseScenario reads them in two lanes; what it reports must be as one lane reports it.
std::string chainOfNodes(size_t count, const std::vector<size_t>& misspelt) {
    std::string nodes;
    for (size_t i = 0; i < count; ++i) {
        const bool bad = std::find(misspelt.begin(), misspelt.end(), i) != misspelt.end();
        nodes += std::string(i ? ",\n" : "") + "    {\"id\": \"n" + std::to_string(i) + "\", \"type\": \"narrative\", \"stage\": \"s\", " +
                 (bad ? "\"txet\"" : "\"text\"") + ": \"Node " + std::to_string(i) + "\", \"next\": \"n" +
                 std::to_string(i + 1 < count ? i + 1 : i) + "\"}";
    }
    return "{\n  \"format_version\": 1, \"title\": \"t\", \"child\": {\"name\": \"C\"}, \"case_summary\": \"c\",\n"
           "  \"cast\": [], \"dimensions\": {\"d\": 1}, \"stages\": [{\"id\": \"s\", \"title\": \"S\"}], \"start\": \"n0\",\n"
           "  \"nodes\": [\n" + nodes + "\n  ]\n}\n";
}

TEST(ScenarioNodesInTwoLanes, ALargeCaseReadsInOrderAndItsMistakesAreReportedInOrderWithTheirLines) {
    const std::string clean = chainOfNodes(600, {});
    Diagnostics diags;
    auto file = parseJsonText(clean, "big.json", diags);
    ASSERT_TRUE(file);
    auto s = parseScenario(*file, diags);
    ASSERT_TRUE(s);
    EXPECT_TRUE(diags.empty()) << test::all(diags);
    ASSERT_EQ(s->nodes.size(), 600u);
    for (size_t i = 0; i < 600; ++i) ASSERT_EQ(s->nodes[i].id, "n" + std::to_string(i));
    EXPECT_EQ(s->nodes[450].text.fallback, "Node 450");

    // A mistake in each half (and one more in the first): the messages of one reading, in file order.
    Diagnostics found;
    auto broken = parseJsonText(chainOfNodes(600, {10, 450, 20}), "big.json", found);
    ASSERT_TRUE(broken);
    (void)parseScenario(*broken, found);
    std::vector<std::string> where;
    for (const auto& d : found)
        if (d.message.find("unknown key \"txet\"") != std::string::npos) where.push_back(d.pointer + "@" + std::to_string(d.line));
    // Node i sits on line 5 + i of the text.
    EXPECT_EQ(where, (std::vector<std::string>{"/nodes/10/txet@15", "/nodes/20/txet@25", "/nodes/450/txet@455"}))
        << test::all(found);
}

} // namespace
