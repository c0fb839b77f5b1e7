// The settings screen's commands (settings_commands.cpp): the learning record store's settings are
// saved through an effect, a test statement is asked for off the UI thread and its result shown, the
// sender's status reaches the state, the secret appears in no effect's name and no message; appearance
// settings are remembered. And closing the app mid-run records a suspension (its "suspended"
// statement), taken up again on return ("resumed").
#include <unistd.h>

#include <algorithm>

#include <gtest/gtest.h>

#include "app_fixture.h"
#include "wholepicture/app/record_database.h"
#include "wholepicture/app/statement_service.h"
#include "wholepicture/app/xapi_sender.h"

namespace wp::test {
namespace {

using namespace wp::app;
namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kSecret = "s3cr3t-Do-Not-Print-7781";

XapiSettings goodSettings() {
    XapiSettings s;
    s.enabled = true;
    s.endpoint = "  https://lrs.example.org/xapi  ";
    s.key = "school-key";
    s.secret = kSecret;
    s.statements.homePage = "https://training.example.org";
    return s;
}

class SettingsCommands : public AppTest {
protected:
    // Every text the app could show, say or log about the commands applied so far.
    std::string everythingSaid() const {
        std::string out;
        for (const auto& e : effects) out += std::string(effectName(e)) + "\n";
        for (const auto& m : state.status) out += m.text + "\n";
        out += state.lrs.message + "\n";
        if (state.lrs.test) out += state.lrs.test->message + "\n";
        for (const auto* s : all<Speak>()) out += s->text + "\n";
        return out;
    }
};

TEST_F(SettingsCommands, SavingTheRecordStoreSettingsAsksForThemToBeAppliedByAnEffect) {
    ASSERT_TRUE(apply(SaveLrsSettings{goodSettings()}));
    const ApplyLrsSettings* e = last<ApplyLrsSettings>();
    ASSERT_TRUE(e) << "the file is written and the sender restarted at the edge, not in apply";
    EXPECT_EQ(e->settings.endpoint, "https://lrs.example.org/xapi") << "spaces pasted around the address are dropped";
    EXPECT_EQ(e->settings.secret, kSecret) << "the secret is kept exactly as typed";
    EXPECT_TRUE(state.lrs.saving);
    EXPECT_EQ(state.lrs.settings, e->settings);

    ASSERT_TRUE(apply(LrsSettingsApplied{true, true, "Saved. Statements go to https://lrs.example.org/xapi from now on."}));
    EXPECT_FALSE(state.lrs.saving);
    EXPECT_TRUE(state.lrs.sending);
    EXPECT_TRUE(state.lrs.messageOk);
    EXPECT_NE(state.lrs.message.find("Saved"), std::string::npos);
}

TEST_F(SettingsCommands, SettingsThatCannotBeUsedAreRefusedWithTheProblemInWords) {
    XapiSettings bad = goodSettings();
    bad.endpoint = "lrs.example.org";
    EXPECT_FALSE(apply(SaveLrsSettings{bad}));
    EXPECT_EQ(last<ApplyLrsSettings>(), nullptr);
    EXPECT_FALSE(state.lrs.messageOk);
    EXPECT_NE(state.lrs.message.find("endpoint"), std::string::npos) << state.lrs.message;
    // Turned off, anything may be saved (the form keeps what was typed).
    bad.enabled = false;
    EXPECT_TRUE(apply(SaveLrsSettings{bad}));
    EXPECT_NE(last<ApplyLrsSettings>(), nullptr);
}

TEST_F(SettingsCommands, AFailedSaveIsShownAndReportedInTheStatusArea) {
    ASSERT_TRUE(apply(SaveLrsSettings{goodSettings()}));
    ASSERT_TRUE(apply(LrsSettingsApplied{false, false, "Not saved: Could not save the learning record store settings: disk full"}));
    EXPECT_FALSE(state.lrs.messageOk);
    EXPECT_FALSE(state.lrs.sending);
    EXPECT_TRUE(std::any_of(state.status.begin(), state.status.end(), [](const StatusMessage& m) { return m.topic == "lrs"; }));
    ASSERT_TRUE(apply(LrsSettingsApplied{true, true, "Saved."}));
    EXPECT_FALSE(std::any_of(state.status.begin(), state.status.end(), [](const StatusMessage& m) { return m.topic == "lrs"; }))
        << "the card goes once saving works again";
}

TEST_F(SettingsCommands, TheSendersStatusReachesTheState) {
    EXPECT_FALSE(state.lrs.outbox);
    OutboxStatus st;
    st.queued = 3;
    st.sent = 12;
    st.failing = 2;
    st.quarantined = 1;
    st.lastError = "the learning record store did not answer";
    ASSERT_TRUE(apply(LrsStatusChanged{st}));
    ASSERT_TRUE(state.lrs.outbox);
    EXPECT_EQ(state.lrs.outbox->queued, 3);
    EXPECT_EQ(state.lrs.outbox->sent, 12);
    EXPECT_EQ(state.lrs.outbox->failing, 2);
    EXPECT_EQ(state.lrs.outbox->quarantined, 1);
    EXPECT_EQ(state.lrs.outbox->lastError, st.lastError);
    // Refused statements can be sent again from the screen.
    ASSERT_TRUE(apply(RequeueStatements{}));
    EXPECT_NE(last<RequeueLrsStatements>(), nullptr);
}

TEST_F(SettingsCommands, ATestStatementIsSentByTheEdgeAndItsResultShown) {
    XapiSettings form = goodSettings();
    form.enabled = false; // a test is allowed before sending is turned on
    ASSERT_TRUE(apply(TestLrs{form}));
    const SendLrsTest* e = last<SendLrsTest>();
    ASSERT_TRUE(e) << "the network is the edge's: apply only asks";
    EXPECT_FALSE(e->profile.account.empty()) << "the statement's actor is a pseudonymous account";
    EXPECT_TRUE(state.lrs.testing);
    EXPECT_FALSE(apply(TestLrs{form})) << "one test at a time";

    ASSERT_TRUE(apply(LrsTestFinished{{true, "Connected: the learning record store at https://lrs.example.org/xapi took a test statement (id x)."}}));
    EXPECT_FALSE(state.lrs.testing);
    ASSERT_TRUE(state.lrs.test);
    EXPECT_TRUE(state.lrs.test->ok);
    EXPECT_NE(state.lrs.test->message.find("took a test statement"), std::string::npos);

    XapiSettings bad = form;
    bad.statements.homePage = "example";
    EXPECT_FALSE(apply(TestLrs{bad}));
    ASSERT_TRUE(state.lrs.test);
    EXPECT_FALSE(state.lrs.test->ok);
    EXPECT_NE(state.lrs.test->message.find("home page"), std::string::npos) << "what is wrong, before any network";
}

TEST_F(SettingsCommands, TheSecretIsInNoEffectNameMessageOrUtterance) {
    ASSERT_TRUE(apply(SetSpeech{true, false}));
    ASSERT_TRUE(apply(SaveLrsSettings{goodSettings()}));
    ASSERT_TRUE(apply(TestLrs{goodSettings()}));
    XapiSettings bad = goodSettings();
    bad.endpoint = "nope";
    (void)apply(SaveLrsSettings{bad});
    (void)apply(LrsSettingsApplied{true, true, lrsAppliedMessage(goodSettings(), true, true, true, "")});
    ASSERT_TRUE(apply(AnnounceFocus{"Secret", "text box", "filled in, hidden", ""}));
    const std::string said = everythingSaid();
    EXPECT_EQ(said.find(kSecret), std::string::npos) << said;
    EXPECT_NE(said.find("apply learning record store settings"), std::string::npos);
}

TEST_F(SettingsCommands, AppearanceSettingsAreRememberedAndBadOnesRefused) {
    ASSERT_TRUE(apply(SetReduceMotion{true}));
    EXPECT_TRUE(state.settings.reduceMotion);
    ASSERT_TRUE(last<SaveSettingsFile>());
    EXPECT_TRUE(last<SaveSettingsFile>()->settings.reduceMotion);
    ASSERT_TRUE(apply(SetFont{"opendyslexic"}));
    EXPECT_EQ(last<SaveSettingsFile>()->settings.font, "opendyslexic");
    EXPECT_FALSE(apply(SetFont{"/etc/passwd"}));
    EXPECT_EQ(state.settings.font, "opendyslexic");
    ASSERT_TRUE(apply(SetLineSpacing{1.5f}));
    EXPECT_FLOAT_EQ(last<SaveSettingsFile>()->settings.lineSpacing, 1.5f);
    ASSERT_TRUE(apply(SetLineSpacing{9.0f}));
    EXPECT_FLOAT_EQ(state.settings.lineSpacing, kMaxLineSpacing) << "kept within 1.0-2.0";
}

// Issue 13, item 7: choosing a local procedures pack changes the level names the cases use (a debrief
// on screen is rebuilt with them), is remembered, and a pack that is not there is refused in words.
TEST_F(SettingsCommands, ALocalProceduresPackRenamesTheLevelsAndIsRemembered) {
    state.procedures = discoverProceduresPacks({{std::filesystem::path(WP_SOURCE_DIR) / "plugins", PluginOrigin::Bundled}},
                                               state.knowledge);
    EXPECT_EQ(levelName(activeScale(state), ThresholdLevel::EarlyHelp), "Early help");
    EXPECT_EQ(activeProcedures(state), nullptr);

    start("peter", "dsl");
    playToEnd();
    ASSERT_NE(state.debrief, nullptr);
    EXPECT_EQ(levelName(state.debrief->thresholdScale, ThresholdLevel::EarlyHelp), "Early help");

    ASSERT_TRUE(apply(SetProcedures{"harbridge_procedures"}));
    ASSERT_NE(activeProcedures(state), nullptr);
    EXPECT_EQ(levelName(activeScale(state), ThresholdLevel::EarlyHelp), "Level 2: Family Help");
    EXPECT_EQ(levelName(state.debrief->thresholdScale, ThresholdLevel::EarlyHelp), "Level 2: Family Help")
        << "the debrief on screen uses the pack's names at once";
    ASSERT_NE(last<SaveSettingsFile>(), nullptr);
    EXPECT_EQ(last<SaveSettingsFile>()->settings.procedures, "harbridge_procedures");
    Diagnostics diags;
    EXPECT_EQ(settingsFromJson(settingsToJson(state.settings), diags, "settings.json").procedures, "harbridge_procedures");

    EXPECT_FALSE(apply(SetProcedures{"atlantis_procedures"}));
    EXPECT_EQ(state.settings.procedures, "harbridge_procedures") << "a pack that is not there changes nothing";
    EXPECT_NE(everythingSaid().find("no usable local procedures pack \"atlantis_procedures\""), std::string::npos)
        << everythingSaid();
    ASSERT_TRUE(apply(SetProcedures{""}));
    EXPECT_EQ(activeProcedures(state), nullptr) << "back to national guidance only";
}

// Issue 13 item 7: a room can use another area's pack (a session run for a partnership) while the
// facilitator's own setting stays; the room record keeps the choice and the room debrief uses its names.
TEST_F(SettingsCommands, ARoomUsesThePackChosenForItAndTheFacilitatorsSettingStays) {
    state.procedures = discoverProceduresPacks({{fs::path(WP_SOURCE_DIR) / "plugins", PluginOrigin::Bundled}}, state.knowledge);
    ASSERT_TRUE(state.settings.procedures.empty());
    ASSERT_TRUE(apply(StartRoom{"peter", {{"Table 1", "class_teacher"}}, 0, std::string("harbridge_procedures")}));
    EXPECT_EQ(state.room->session.setup.procedures, "harbridge_procedures");
    EXPECT_EQ(levelName(activeScale(state), ThresholdLevel::EarlyHelp), "Level 2: Family Help")
        << "the console and the projector name the levels as the room's pack does";
    EXPECT_TRUE(state.settings.procedures.empty()) << "the facilitator's own setting is unchanged";

    const SaveRoomRecord* saved = last<SaveRoomRecord>();
    ASSERT_TRUE(saved);
    EXPECT_EQ(saved->room.record.at("procedures"), "harbridge_procedures");
    const ScenarioPlugin& p = state.library[static_cast<size_t>(findPlugin(state, "peter"))];
    Diagnostics diags;
    const auto back = roomFromJson(saved->room.record, *p.scenario, p.manifest, diags, "room.json");
    ASSERT_TRUE(back) << (diags.empty() ? std::string() : diags.front().message);
    EXPECT_EQ(back->setup.procedures, "harbridge_procedures") << "a resumed room keeps its pack";

    ASSERT_TRUE(apply(RoomShowDebrief{}));
    ASSERT_NE(state.room->debrief, nullptr);
    EXPECT_EQ(levelName(state.room->debrief->thresholdScale, ThresholdLevel::ChildInNeed), "Level 3: Child in Need (section 17)");
    state.screen = Screen::Library;
    EXPECT_EQ(activeProcedures(state), nullptr) << "outside the room, the facilitator's setting (national) again";

    // A pack that is not installed: said, and the room uses national guidance.
    ASSERT_TRUE(apply(StartRoom{"peter", {{"Table 1", "class_teacher"}}, 0, std::string("atlantis_procedures")}));
    EXPECT_TRUE(state.room->session.setup.procedures.empty());
    EXPECT_NE(everythingSaid().find("no usable local procedures pack \"atlantis_procedures\"; this room uses national"),
              std::string::npos)
        << everythingSaid();
    // No choice made for the room: the facilitator's setting.
    ASSERT_TRUE(apply(SetProcedures{"harbridge_procedures"}));
    ASSERT_TRUE(apply(StartRoom{"peter", {{"Table 1", "class_teacher"}}, 0}));
    EXPECT_EQ(state.room->session.setup.procedures, "harbridge_procedures");
}

TEST(SettingsFile, AppearanceIsReadBackAndWrongValuesFallBackWithAWarning) {
    Settings s;
    s.reduceMotion = true;
    s.font = "opendyslexic";
    s.lineSpacing = 1.4f;
    Diagnostics diags;
    const Settings back = settingsFromJson(settingsToJson(s), diags, "settings.json");
    EXPECT_TRUE(diags.empty());
    EXPECT_TRUE(back.reduceMotion);
    EXPECT_EQ(back.font, "opendyslexic");
    EXPECT_FLOAT_EQ(back.lineSpacing, 1.4f);

    const Settings wrong = settingsFromJson(json{{"reduce_motion", "yes"}, {"font", "../../x.ttf"}, {"line_spacing", 40}, {"theme", "light"}},
                                            diags, "settings.json");
    EXPECT_FALSE(wrong.reduceMotion);
    EXPECT_EQ(wrong.font, "default");
    EXPECT_FLOAT_EQ(wrong.lineSpacing, 1.0f);
    EXPECT_EQ(wrong.theme, "light") << "the other settings are still read";
    EXPECT_EQ(diags.size(), 3u);
}

// [SECTION] Closing the app mid-run: suspended, and resumed on return.

class SuspendOnClose : public AppTest {
protected:
    void SetUp() override {
        AppTest::SetUp();
        dir = fs::temp_directory_path() /
              ("wp-suspend-test-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir);
        Diagnostics diags;
        db = RecordDatabase::open({dir / kRecordsFileName}, diags);
        ASSERT_TRUE(db);
        XapiOptions o;
        o.homePage = "https://training.example.org";
        db->setStatementOptions(o);
    }
    void TearDown() override {
        db.reset();
        fs::remove_all(dir);
    }
    // What the store does with the saves asked for so far (in order, each once).
    void saveAll() {
        Diagnostics diags;
        for (; saved < effects.size(); ++saved)
            if (const auto* s = std::get_if<SaveProgress>(&effects[saved])) {
                ASSERT_TRUE(db->saveRun(s->run, RunStatus::Current, diags));
            }
    }
    std::vector<std::string> verbs(const std::string& runId) const {
        std::vector<std::string> out;
        for (const auto& st : db->outboxStatements(runId)) {
            const std::string id = st.at("verb").at("id").get<std::string>();
            out.push_back(id.substr(id.rfind('/') + 1));
        }
        return out;
    }
    static size_t countOf(const std::vector<std::string>& v, const std::string& what) {
        return static_cast<size_t>(std::count(v.begin(), v.end(), what));
    }
    fs::path dir;
    std::unique_ptr<RecordDatabase> db;
    size_t saved = 0;
};

TEST_F(SuspendOnClose, ClosingMidRunQueuesSuspendedAndReturningQueuesResumed) {
    start("peter", "dsl");
    const Scenario& sc = *activeScenario(state);
    for (int i = 0; i < 2; ++i) {
        const Node& n = currentNode(sc, state.session->current());
        if (n.type == NodeType::Decision) {
            ASSERT_TRUE(apply(Choose{availableOptions(sc, state.session->current()).front()->id}));
        }
        ASSERT_TRUE(apply(Continue{}));
    }
    saveAll();
    const std::string runId = state.sessionRunId;
    EXPECT_EQ(countOf(verbs(runId), "suspended"), 0u);

    ASSERT_TRUE(apply(Closing{}));
    ASSERT_TRUE(last<SaveProgress>());
    EXPECT_TRUE(last<SaveProgress>()->run.suspending) << "the last save before the app closes marks a pause";
    const json savedSession = last<SaveProgress>()->run.session;
    saveAll();
    EXPECT_EQ(countOf(verbs(runId), "suspended"), 1u);
    // Quit then the window's own close: one pause, not two.
    ASSERT_TRUE(apply(Closing{}));
    saveAll();
    EXPECT_EQ(countOf(verbs(runId), "suspended"), 1u);
    EXPECT_EQ(countOf(verbs(runId), "resumed"), 0u);

    // The next start: the autosave is offered and taken up.
    state.session.reset();
    state.screen = Screen::Library;
    state.resume = resumeOfferFor(state, savedSession);
    ASSERT_TRUE(state.resume);
    ASSERT_TRUE(apply(ResumeSession{}));
    EXPECT_EQ(state.sessionRunId, runId);
    const SaveProgress* resumed = last<SaveProgress>();
    ASSERT_TRUE(resumed) << "resuming saves the run as the current one at once";
    EXPECT_FALSE(resumed->run.suspending);
    saveAll();
    const auto v = verbs(runId);
    EXPECT_EQ(countOf(v, "suspended"), 1u);
    EXPECT_EQ(countOf(v, "resumed"), 1u);
    const auto pauses = db->pausesOf(runId);
    ASSERT_EQ(pauses.size(), 1u);
    EXPECT_GE(pauses[0].resumedMs, pauses[0].suspendedMs);
}

TEST_F(SuspendOnClose, ClosingAfterTheEndingOrBeforeAnyStepIsNoPause) {
    EXPECT_FALSE(apply(Closing{})) << "no run: nothing to do";
    start("peter", "dsl");
    EXPECT_FALSE(apply(Closing{})) << "no step taken yet: no pause";
    playToEnd();
    ASSERT_EQ(state.screen, Screen::Debrief);
    (void)apply(Closing{});
    for (const auto* s : all<SaveProgress>()) EXPECT_FALSE(s->run.suspending);
    saveAll();
    EXPECT_EQ(countOf(verbs(state.sessionRunId), "suspended"), 0u);
}

} // namespace
} // namespace wp::test

namespace wp::test {
namespace {

using namespace wp::app;

// Speech on the settings screen (issue 12 item 2): opening it asks the edge, once, for the voices the
// synthesiser offers; what comes back is listed sorted, without names a synthesiser must not be given.
TEST_F(SettingsCommands, OpeningSettingsListsTheVoicesOnce) {
    ASSERT_TRUE(apply(Navigate{ScreenId{"settings"}}));
    EXPECT_EQ(all<ListVoices>().size(), 1u) << "listed off the UI thread by the edge";
    ASSERT_TRUE(apply(BackToLibrary{}));
    ASSERT_TRUE(apply(Navigate{ScreenId{"settings"}}));
    EXPECT_EQ(all<ListVoices>().size(), 1u) << "once per run of the app";
    ASSERT_TRUE(apply(VoicesListed{{"en-gb-scotland", "en-gb", "-rm -rf", "en-gb", "fr"}}));
    EXPECT_EQ(state.speechVoices, (std::vector<std::string>{"en-gb", "en-gb-scotland", "fr"}));
    ASSERT_TRUE(apply(SetSpeechVoice{"en-gb-scotland"}));
    ASSERT_TRUE(last<SaveSettingsFile>());
    EXPECT_EQ(last<SaveSettingsFile>()->settings.speechVoice, "en-gb-scotland") << "saved with the other settings";
    ASSERT_TRUE(apply(SetSpeechRate{40}));
    EXPECT_EQ(last<SaveSettingsFile>()->settings.speechRate, 40);
    ASSERT_TRUE(last<ConfigureSpeech>());
    EXPECT_EQ(last<ConfigureSpeech>()->voice, "en-gb-scotland");
}

} // namespace
} // namespace wp::test
