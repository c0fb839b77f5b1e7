// The child's own perspective (role "child"): imagined from the record, and shown under the child's first
// name ("Peter (imagined)") rather than the catalogue's "The child".
#include <string>

#include <gtest/gtest.h>

#include "test_support.h"
#include "wholepicture/core/loader.h"
#include "wholepicture/core/room.h"

namespace wp {
namespace {

ScenarioPlugin bundled(const std::string& id) {
    return loadPlugin(test::sourceDir() / "plugins" / id, test::knowledgeBase());
}

TEST(ChildVoice, TheCatalogueHasTheChildAsAFamilyRole) {
    const RoleInfo* child = test::knowledgeBase().role(kChildRole);
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(test::knowledgeBase().roleName(kChildRole), "The child");
    EXPECT_EQ(child->agency, "family");
}

TEST(ChildVoice, RoleLabelNamesTheChildOfTheCaseAsImagined) {
    const KnowledgeBase& kb = test::knowledgeBase();
    ScenarioPlugin peter = bundled("peter");
    ASSERT_TRUE(peter.usable()) << test::all(peter.diagnostics);
    EXPECT_EQ(roleLabel(*peter.scenario, kb, kChildRole), "Peter (imagined)");
    // The plugin form, long and short, says the same: the child's name is already short.
    EXPECT_EQ(roleLabel(&peter, kb, kChildRole), "Peter (imagined)");
    EXPECT_EQ(roleLabel(&peter, kb, kChildRole, true), "Peter (imagined)");
    // Other roles keep the catalogue's names.
    EXPECT_EQ(roleLabel(*peter.scenario, kb, "parent"), kb.roleName("parent"));
    // Without a case there is no name to use.
    EXPECT_EQ(roleLabel(static_cast<const ScenarioPlugin*>(nullptr), kb, kChildRole), kb.roleName(kChildRole));

    for (const char* id : {"james", "tina"}) {
        ScenarioPlugin p = bundled(id);
        ASSERT_TRUE(p.usable()) << id << ": " << test::all(p.diagnostics);
        EXPECT_EQ(roleLabel(*p.scenario, kb, kChildRole), p.scenario->childName + " (imagined)") << id;
    }
}

TEST(ChildVoice, ACaseLabelWinsAndANamelessChildFallsBackToTheCatalogue) {
    const KnowledgeBase& kb = test::knowledgeBase();
    ScenarioPlugin peter = bundled("peter");
    ASSERT_TRUE(peter.usable()) << test::all(peter.diagnostics);
    Scenario s = *peter.scenario;
    s.roleLabels[kChildRole] = "Peter, in his own words (imagined)";
    EXPECT_EQ(roleLabel(s, kb, kChildRole), "Peter, in his own words (imagined)");
    s.roleLabels.clear();
    s.childName.clear();
    EXPECT_EQ(roleLabel(s, kb, kChildRole), kb.roleName(kChildRole));
}

TEST(ChildVoice, BundledCasesGiveTheChildAPerspectiveMarkedAsImagined) {
    for (const char* id : {"peter", "james", "tina"}) {
        ScenarioPlugin p = bundled(id);
        ASSERT_TRUE(p.usable()) << id << ": " << test::all(p.diagnostics);
        int childPerspectives = 0;
        for (const auto& n : p.scenario->nodes)
            for (size_t k = 0; k < n.perspectives.size(); ++k) {
                const Perspective& per = n.perspectives[k];
                if (per.role != kChildRole) continue;
                ++childPerspectives;
                EXPECT_EQ(per.knows.rfind("(Imagined from the record.) ", 0), 0u) << id << " " << n.id;
                EXPECT_FALSE(per.thinks.empty()) << id << " " << n.id;
                EXPECT_FALSE(per.pressures.empty()) << id << " " << n.id;
            }
        EXPECT_GE(childPerspectives, 3) << id;
    }
}

TEST(ChildVoice, TheRoomRevealsTheChildsPerspectiveUnderTheChildsName) {
    ScenarioPlugin peter = bundled("peter");
    ASSERT_TRUE(peter.usable()) << test::all(peter.diagnostics);
    const Scenario& s = *peter.scenario;
    const PluginManifest& m = peter.manifest;
    RoomSetup setup;
    setup.groups = {{"Table 1", "class_teacher"}};
    std::int64_t now = 1'700'000'000'000;
    RoomSession room = startRoom(s, m, setup, now);
    auto act = [&](RoomEventKind k, const std::string& option = {}) {
        std::string error;
        bool ok = roomApply(room, s, m, RoomEvent{k, k == RoomEventKind::Vote ? 0 : -1, option, "", "", ++now}, &error);
        EXPECT_TRUE(ok) << error;
        return ok;
    };
    // Play on (the teachers' first option each time) until Peter's soiling decision is open for votes.
    for (int step = 0; step < 40; ++step) {
        const RoomDecision* d = room.state.current();
        if (d && d->node == "d2_soiling" && room.state.phase == RoomPhase::Voting) break;
        if (room.state.warning || room.state.phase == RoomPhase::Narrative || room.state.phase == RoomPhase::Situation ||
            room.state.phase == RoomPhase::Views) {
            ASSERT_TRUE(act(RoomEventKind::Continue));
        } else if (room.state.phase == RoomPhase::Voting) {
            ASSERT_TRUE(act(RoomEventKind::Vote, optionsForProfession(s, room.state, "class_teacher").front()->id));
            ASSERT_TRUE(act(RoomEventKind::Reveal));
        } else if (room.state.phase == RoomPhase::Revealed) {
            ASSERT_TRUE(act(RoomEventKind::ChoosePath));
        }
    }
    ASSERT_NE(room.state.current(), nullptr);
    ASSERT_EQ(room.state.current()->node, "d2_soiling");
    // Nothing about the perspectives reaches the projector before the reveal, the label included.
    ReleasedContent hidden = releasedContent(room, s, m, now);
    EXPECT_TRUE(hidden.perspectives.empty());
    EXPECT_TRUE(hidden.perspectiveLabels.empty());
    ASSERT_TRUE(act(RoomEventKind::Vote, optionsForProfession(s, room.state, "class_teacher").front()->id));
    ASSERT_TRUE(act(RoomEventKind::Reveal));
    ReleasedContent shown = releasedContent(room, s, m, now);
    ASSERT_FALSE(shown.perspectives.empty());
    EXPECT_EQ(shown.perspectives.front().role, kChildRole);
    ASSERT_TRUE(shown.perspectiveLabels.count(kChildRole));
    EXPECT_EQ(shown.perspectiveLabels.at(kChildRole), "Peter (imagined)");
    EXPECT_FALSE(shown.perspectiveLabels.count("class_teacher")) << "a role without a case label keeps the catalogue's name";
}

} // namespace
} // namespace wp
