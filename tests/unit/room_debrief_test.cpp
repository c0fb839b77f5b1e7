// The room's debrief and exports: scores by group and profession, divergence, anonymous rationales,
// the HTML report and the CSV of choices.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "test_support.h"
#include "wholepicture/core/json_file.h"
#include "wholepicture/core/room.h"
#include "wholepicture/core/room_debrief.h"

using namespace wp;
using wp::test::kT0;
using wp::test::peter;

namespace {


struct Played {
    RoomSession room;
    std::int64_t t = kT0;
};

// Three tables (teachers, social workers, mixed) through the whole case. At every decision the teachers
// take their first option, the social workers their first, the mixed table the last listed; at the
// first decision the mixed table re-votes after discussion. Path: majority.
Played playWhole() {
    const Scenario& s = *peter().scenario;
    const PluginManifest& m = peter().manifest;
    RoomSetup setup;
    setup.groups = {{"Table 1", "class_teacher"}, {"Table 2", "social_worker"}, {"Table 3", "mixed"}};
    Played p{startRoom(s, m, setup, kT0)};
    auto go = [&](RoomEventKind k, int g = -1, std::string o = {}, std::string r = {}) {
        std::string error;
        bool ok = roomApply(p.room, s, m, {k, g, std::move(o), std::move(r), "", p.t += 1000}, &error);
        EXPECT_TRUE(ok) << roomEventName(k) << ": " << error;
        return ok;
    };
    bool first = true;
    for (int guard = 0; guard < 500 && p.room.state.phase != RoomPhase::Ending; ++guard) {
        if (p.room.state.warning || p.room.state.phase != RoomPhase::Situation) {
            if (!go(RoomEventKind::Continue)) break;
            continue;
        }
        go(RoomEventKind::OpenVoting);
        for (int g = 0; g < 3; ++g) {
            auto opts = optionsForProfession(s, p.room.state, setup.groups[static_cast<size_t>(g)].profession);
            const Option* o = g == 2 ? opts.back() : opts.front();
            go(RoomEventKind::Vote, g, o->id, g == 1 ? "Table two, the social workers, think so" : "");
        }
        go(RoomEventKind::Reveal);
        if (first) {
            go(RoomEventKind::Revote);
            go(RoomEventKind::Vote, 2, optionsForProfession(s, p.room.state, "social_worker").front()->id, "heard the SW side");
            go(RoomEventKind::Reveal);
            first = false;
        }
        go(RoomEventKind::ChoosePath);
    }
    return p;
}

} // namespace

TEST(RoomDebriefTest, ScoresByGroupAndProfessionFromTheOptionsVoted) {
    const Scenario& s = *peter().scenario;
    Played p = playWhole();
    ASSERT_EQ(p.room.state.phase, RoomPhase::Ending);
    RoomDebrief d = buildRoomDebrief(p.room, s, peter().manifest, test::knowledgeBase());
    EXPECT_TRUE(d.finished);
    EXPECT_FALSE(d.whatHappened.empty());
    ASSERT_EQ(d.dimensions.size(), s.dimensions.size());
    // Recompute Table 1's total on every dimension from the last round of each decision.
    for (const auto& ds : d.dimensions) {
        int expect = 0;
        for (const auto& dec : p.room.state.decisions) {
            const RoomVote* v = dec.rounds.back().voteOf(0);
            ASSERT_NE(v, nullptr);
            for (const auto& o : s.node(dec.node)->options)
                if (o.id == v->option && o.effects.scores.count(ds.id)) expect += o.effects.scores.at(ds.id);
        }
        EXPECT_EQ(ds.byGroup[0], expect) << ds.id;
        EXPECT_DOUBLE_EQ(ds.byProfession.at("class_teacher"), ds.byGroup[0]) << "one teachers' group: mean = its total";
        EXPECT_EQ(ds.path, p.room.state.run.current().scores.at(ds.id));
    }
}

TEST(RoomDebriefTest, DivergenceRevoteChangesAndAnonymousRationales) {
    const Scenario& s = *peter().scenario;
    Played p = playWhole();
    RoomDebrief d = buildRoomDebrief(p.room, s, peter().manifest, test::knowledgeBase());
    ASSERT_EQ(d.decisions.size(), p.room.state.decisions.size());
    const RoomDecisionSummary& first = d.decisions.front();
    EXPECT_TRUE(first.professionsSplit);
    EXPECT_EQ(first.distinctOptions, 2) << "after the re-vote the mixed table sided with the social workers";
    ASSERT_EQ(first.changedInRevote.size(), 1u);
    EXPECT_EQ(first.changedInRevote[0].rfind("Table 3: ", 0), 0u);
    EXPECT_FALSE(first.chosen.empty());
    EXPECT_FALSE(first.ruleNote.empty());
    ASSERT_FALSE(first.rationales.empty());
    for (const auto& dec : d.decisions)
        for (const auto& r : dec.rationales) EXPECT_EQ(r.find("Table 3"), std::string::npos);
    // Choices name the professions that chose each option.
    bool sawSocialWorker = false;
    for (const auto& c : first.choices)
        for (const auto& prof : c.professions) sawSocialWorker = sawSocialWorker || prof == "social_worker";
    EXPECT_TRUE(sawSocialWorker);
    // Four steps of prompts, with the room's own divergence in step 1.
    ASSERT_EQ(d.prompts.size(), 4u);
    bool roomPrompt = false;
    for (const auto& pr : d.prompts[0].second) roomPrompt = roomPrompt || pr.find("professions chose differently") != std::string::npos;
    EXPECT_TRUE(roomPrompt);
}

TEST(RoomDebriefTest, HtmlReportIsSelfContainedWithMapAndNoGroupNamesOnRationales) {
    const Scenario& s = *peter().scenario;
    Played p = playWhole();
    RoomDebrief d = buildRoomDebrief(p.room, s, peter().manifest, test::knowledgeBase());
    std::string html = roomReportHtml(d, p.room, s, test::knowledgeBase());
    EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_NE(html.find("<svg"), std::string::npos);
    EXPECT_NE(html.find("@page { size: A4"), std::string::npos);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org")) << "no external resources";
    EXPECT_NE(html.find("Why work together"), std::string::npos);
    EXPECT_NE(html.find("Rationales (anonymous)"), std::string::npos);
    EXPECT_NE(html.find("heard the SW side"), std::string::npos);
    EXPECT_NE(html.find("Table 3"), std::string::npos) << "groups are named in the choices table";
}

TEST(RoomDebriefTest, CsvHasOneRowPerGroupPerDecisionPerRound) {
    const Scenario& s = *peter().scenario;
    Played p = playWhole();
    std::string csv = roomChoicesCsv(p.room, s);
    std::istringstream in(csv);
    std::string header;
    std::getline(in, header);
    EXPECT_EQ(header, "decision,group,profession,letter,option,option_text,rationale,round,revealed_at,followed,placed\r");
    size_t rounds = 0;
    for (const auto& dec : p.room.state.decisions) rounds += dec.rounds.size();
    size_t rows = 0;
    std::string line;
    // Option texts may contain commas and quotes, never newlines; rows end with CRLF.
    while (std::getline(in, line)) ++rows;
    EXPECT_EQ(rows, rounds * 3);
    EXPECT_NE(csv.find(",2,"), std::string::npos) << "the re-vote round";
    EXPECT_NE(csv.find("Z,yes,\r\n"), std::string::npos) << "ISO 8601 reveal times, then whether the case followed the group";
    EXPECT_NE(csv.find("Z,no,\r\n"), std::string::npos) << "a group the case did not follow";
    EXPECT_NE(csv.find(",A,"), std::string::npos) << "the letter as the projector showed it, upper case";
    EXPECT_EQ(csvField("a \"b\", c"), "\"a \"\"b\"\", c\"");
    EXPECT_EQ(csvField("plain"), "plain");
    EXPECT_EQ(isoTimeUtc(kT0), "2023-11-14T22:13:20Z");
}

TEST(RoomDebriefTest, WptRoomReportWritesHtmlAndCsv) {
    Played p = playWhole();
    const auto dir = std::filesystem::temp_directory_path() / ("wp-room-report-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    Diagnostics diags;
    ASSERT_TRUE(saveRoom(p.room, dir, diags));
    const auto record = roomFile(dir, p.room.setup.id);
    const std::string cmd = std::string(WPT_BINARY) + " room-report " + record.string() + " -o " + (dir / "r.html").string() +
                            " --csv " + (dir / "c.csv").string() + " > " + (dir / "out.txt").string() + " 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0);
    EXPECT_GT(std::filesystem::file_size(dir / "r.html"), 5000u);
    EXPECT_GT(std::filesystem::file_size(dir / "c.csv"), 500u);
    // A truncated record: exit 1, a message naming the file, the file kept.
    const auto broken = dir / "broken.json";
    {
        std::ifstream src(record);
        std::stringstream ss;
        ss << src.rdbuf();
        std::ofstream out(broken);
        out << ss.str().substr(0, 300);
    }
    const std::string cmd2 = std::string(WPT_BINARY) + " room-report " + broken.string() + " -o " + (dir / "x.html").string() +
                             " > " + (dir / "err.txt").string() + " 2>&1";
    EXPECT_EQ(WEXITSTATUS(std::system(cmd2.c_str())), 1);
    std::ifstream err(dir / "err.txt");
    std::stringstream es;
    es << err.rdbuf();
    EXPECT_NE(es.str().find(broken.string()), std::string::npos) << es.str();
    EXPECT_TRUE(std::filesystem::exists(broken));
    std::filesystem::remove_all(dir);
}

TEST(RoomDebriefTest, ReportSaysWhenTheBreaksWere) {
    const Scenario& s = *peter().scenario;
    Played p = playWhole();
    const std::int64_t t = p.room.setup.createdMs;
    roomSetPaused(p.room, true, t + 600'000);
    roomSetPaused(p.room, false, t + 600'000 + 7 * 60'000);
    RoomDebrief d = buildRoomDebrief(p.room, s, peter().manifest, test::knowledgeBase());
    const std::string html = roomReportHtml(d, p.room, s, test::knowledgeBase());
    EXPECT_NE(html.find("<strong>Breaks:</strong>"), std::string::npos);
    EXPECT_NE(html.find("(7 min)"), std::string::npos);
    EXPECT_EQ(describeBreak({t, 0}).rfind("from ", 0), 0u);
    EXPECT_NE(describeBreak({t, t + 10'000}).find("under a minute"), std::string::npos);
}

// UX review defect 23: letters as the projector shows them (upper case) in the room report and the
// CSV; the CSV says which option each group chose by letter and whether the case followed it.
TEST(RoomDebriefTest, LettersAreUpperCaseAndTheCsvSaysWhatWasFollowed) {
    const Scenario& s = *peter().scenario;
    Played p = playWhole();
    RoomDebrief d = buildRoomDebrief(p.room, s, peter().manifest, test::knowledgeBase());
    for (const auto& dec : d.decisions) {
        EXPECT_TRUE(dec.chosenLetter >= 'A' && dec.chosenLetter <= 'Z') << dec.node;
        for (const auto& c : dec.choices) EXPECT_TRUE(c.letter >= 'A' && c.letter <= 'Z') << dec.node;
    }
    const std::string html = roomReportHtml(d, p.room, s, test::knowledgeBase());
    EXPECT_NE(html.find("The case followed <b>" + std::string(1, d.decisions.front().chosenLetter) + "</b>"), std::string::npos);

    const std::string csv = roomChoicesCsv(p.room, s);
    std::istringstream in(csv);
    std::string header;
    std::getline(in, header);
    EXPECT_EQ(header, "decision,group,profession,letter,option,option_text,rationale,round,revealed_at,followed,placed\r");
    const RoomDecision& first = p.room.state.decisions.front();
    const RoomVote* v = first.rounds.front().voteOf(0);
    ASSERT_NE(v, nullptr);
    std::string row;
    std::getline(in, row);
    const std::string letter(1, static_cast<char>(std::toupper(static_cast<unsigned char>(letterOf(first, v->option)))));
    EXPECT_EQ(row.rfind(first.node + ",Table 1,class_teacher," + letter + "," + v->option + ",", 0), 0u) << row;
    EXPECT_EQ(row.substr(row.size() - (v->option == first.chosen ? 6 : 5)), v->option == first.chosen ? ",yes,\r" : ",no,\r") << row; // "placed" last (empty here)
    size_t yes = 0;
    for (size_t at = csv.find(",yes,\r\n"); at != std::string::npos; at = csv.find(",yes,\r\n", at + 1)) ++yes;
    EXPECT_GT(yes, 0u) << "some group chose the option the case followed";
}
