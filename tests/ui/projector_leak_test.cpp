// THE projector property (reliability review D14): nothing unreleased ever appears on the projector.
//
// Whole room sessions of every bundled case, with several groups, are driven through every screen of
// the cycle (opening warning, narratives, situations, each profession's view alone and side by side,
// votes with rationales, reveal, re-vote, path, repeated warnings, pauses, the ending) and every
// projector page of every screen. Each frame the projector is drawn (ui::drawProjector, its own
// window, as in the app) and its text is read back from the draw data (draw_text_capture.h): every
// glyph rendered, whatever ImGui call drew it. The secrets are every text of the scenario and the
// groups' votes and rationales; a secret's fragment (every run of kWindowWords words, whitespace
// removed) found on the projector fails the test unless it also occurs in what releasedContent()
// releases at that moment.
#include <algorithm>
#include <chrono>
#include <deque>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "draw_text_capture.h"
#include "ui_harness.h"
#include "wholepicture/core/challenge.h"
#include "wholepicture/core/room.h"
#include "wholepicture/ui/projector.h"
#include "wholepicture/ui/room_views.h"

namespace wp::test {
namespace {

constexpr size_t kWindowWords = 6; // a fragment: this many consecutive words of a secret
constexpr size_t kMinBytes = 8;    // shorter fragments (normalised) are not checked; also the index key
constexpr int kMaxReports = 8;     // leak reports per session before the test stops looking

// The app's glyph ranges (platform/fonts.cpp), so the atlas draws what the app draws.
constexpr ImWchar kAppGlyphRanges[] = {0x0020, 0x00FF, 0x0100, 0x017F, 0x2010, 0x2027, 0x2030, 0x203A,
                                       0x2190, 0x2195, 0x2212, 0x2212, 0x2713, 0x2717, 0};

std::vector<std::string> words(const std::string& text) {
    std::vector<std::string> out;
    std::string w;
    for (char c : text) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            if (!w.empty()) out.push_back(std::move(w));
            w.clear();
        } else {
            w += c;
        }
    }
    if (!w.empty()) out.push_back(std::move(w));
    return out;
}

std::string lastWords(const std::string& text, size_t n) {
    const auto ws = words(text);
    std::string out;
    for (size_t i = ws.size() > n ? ws.size() - n : 0; i < ws.size(); ++i) out += ws[i] + " ";
    return out;
}

char upper(char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); }

// Fragments of secrets, indexed by their first kMinBytes bytes (normalised), to find in captured text.
class SecretIndex {
public:
    struct Fragment {
        std::string norm;  // normalised (what the capture would read)
        std::string words; // as written, for the report
        size_t secret = 0;
    };
    struct Secret {
        std::string label;
        std::string text;
    };

    void add(const std::string& label, const std::string& text) {
        if (text.empty()) return;
        const size_t id = secrets.size();
        secrets.push_back({label, text});
        if (normaliseForCapture(text).size() < kMinBytes) tooShort.push_back(text);
        const auto ws = words(text);
        const size_t n = std::min(kWindowWords, ws.size());
        for (size_t i = 0; i + n <= ws.size(); ++i) {
            std::string w;
            for (size_t k = i; k < i + n; ++k) w += (k > i ? " " : "") + ws[k];
            addFragment(w, normaliseForCapture(w), id);
        }
    }
    // A fragment given in its normalised form (composites of several drawn strings).
    void addRaw(const std::string& label, const std::string& shown, const std::string& norm) {
        const size_t id = secrets.size();
        secrets.push_back({label, shown});
        addFragment(shown, norm, id);
    }

    // Calls hit(fragment, position) for every fragment found in `captured`.
    template <class F> void findIn(const std::string& captured, F hit) const {
        if (captured.size() < kMinBytes) return;
        for (size_t pos = 0; pos + kMinBytes <= captured.size(); ++pos) {
            auto it = byKey_.find(std::string_view(captured).substr(pos, kMinBytes));
            if (it == byKey_.end()) continue;
            for (size_t f : it->second) {
                const Fragment& fr = fragments_[f];
                if (captured.compare(pos, fr.norm.size(), fr.norm) == 0) hit(fr, pos);
            }
        }
    }
    [[nodiscard]] size_t fragmentCount() const { return fragments_.size(); }

    std::vector<Secret> secrets;
    std::vector<std::string> tooShort; // secrets under kMinBytes: not checked

private:
    void addFragment(const std::string& shown, std::string norm, size_t id) {
        if (norm.size() < kMinBytes || !seen_.insert(norm).second) return;
        fragments_.push_back({std::move(norm), shown, id});
        const Fragment& f = fragments_.back();
        byKey_[std::string_view(f.norm).substr(0, kMinBytes)].push_back(fragments_.size() - 1);
    }
    std::deque<Fragment> fragments_; // stable addresses: the keys view into them
    std::set<std::string> seen_;
    std::unordered_map<std::string_view, std::vector<size_t>> byKey_;
};

// Every text of a case a room might see at some point (and much it never sees).
void addScenarioSecrets(SecretIndex& idx, const Scenario& s, const PluginManifest& m) {
    const std::string c = m.id + ": ";
    idx.add(c + "manifest summary", m.summary);
    idx.add(c + "child summary", s.childSummary);
    idx.add(c + "case summary", s.caseSummary);
    idx.add(c + "historical note", s.historicalNote);
    for (const auto& x : s.cast) idx.add(c + "cast " + x.id + " description", x.description);
    for (const auto& x : s.stages) idx.add(c + "stage " + x.id + " title", x.title);
    for (const auto& x : s.facts) idx.add(c + "fact " + x.id, x.text);
    for (const auto& x : s.flags) idx.add(c + "flag " + x.id, x.description);
    for (const auto& x : s.criticalActions) idx.add(c + "critical action " + x.id, x.text);
    for (const auto* map : {&s.initialMap, &s.historicalMap})
        for (const auto& l : *map) idx.add(c + "map link " + l.from + "-" + l.to, l.note);
    auto roleText = [&](const std::string& where, const RoleText& t) {
        idx.add(where, t.fallback);
        for (const auto& [role, text] : t.byRole) idx.add(where + "[" + role + "]", text);
    };
    for (const Node& n : s.nodes) {
        const std::string at = c + "node " + n.id + " ";
        idx.add(at + "title", n.title);
        roleText(at + "text", n.text);
        roleText(at + "situation", n.situation);
        roleText(at + "question", n.question);
        for (const auto& p : n.perspectives) {
            idx.add(at + "perspective " + p.role + " knows", p.knows);
            idx.add(at + "perspective " + p.role + " thinks", p.thinks);
            idx.add(at + "perspective " + p.role + " pressures", p.pressures);
        }
        for (const auto& o : n.options) {
            idx.add(at + "option " + o.id + " text", o.text);
            idx.add(at + "option " + o.id + " feedback outcome", o.feedback.outcome);
            for (const auto& [role, view] : o.feedback.views) idx.add(at + "option " + o.id + " feedback view " + role, view);
            for (const auto& l : o.effects.links) idx.add(at + "option " + o.id + " link note", l.note);
        }
        idx.add(at + "what happened", n.whatHappened);
        for (size_t i = 0; i < n.proposals.size(); ++i) idx.add(at + "proposal " + std::to_string(i + 1), n.proposals[i]);
        for (const auto& p : n.prompts) idx.add(at + "debrief prompt", p.text);
    }
}

// One tally entry as the projector draws a row: the letter's option line, then the groups' chips.
struct TallyVote {
    std::string group;
    char letter = 0; // 0 = no vote
    std::string optionText;
    char firstRoundLetter = 0;
};

// What a tally of these votes would put next to each other on screen (normalised): the end of an
// option's line (or its ellipsis) followed by its first group's chip, and each chip followed by the
// next one of the same row. Used both for hidden votes (secrets) and for released ones.
std::vector<std::pair<std::string, std::string>> tallyComposites(const std::vector<TallyVote>& votes) {
    std::map<char, std::vector<const TallyVote*>> rows; // by letter ('\0' = no vote, drawn last)
    for (const auto& v : votes) rows[v.letter].push_back(&v);
    std::vector<std::pair<std::string, std::string>> out; // (shown, normalised)
    for (const auto& [letter, vs] : rows) {
        auto chip = [](const TallyVote* v) {
            return v->firstRoundLetter && v->firstRoundLetter != v->letter
                       ? v->group + "  \xC2\xB7  was " + std::string(1, upper(v->firstRoundLetter))
                       : v->group;
        };
        const std::string line = letter ? lastWords(vs.front()->optionText, 3) : std::string("No vote");
        out.push_back({line + " | " + chip(vs.front()), normaliseForCapture(line + chip(vs.front()))});
        if (letter) out.push_back({"\xE2\x80\xA6 | " + chip(vs.front()), normaliseForCapture("\xE2\x80\xA6" + chip(vs.front()))});
        for (size_t i = 1; i < vs.size(); ++i)
            out.push_back({chip(vs[i - 1]) + " | " + chip(vs[i]), normaliseForCapture(chip(vs[i - 1]) + chip(vs[i]))});
    }
    return out;
}

class ProjectorLeak : public UiHarness {
protected:
    void SetUp() override {
        UiHarness::SetUp();
        loadLibrary();
        // The app's fonts when present (DejaVu at the preset sizes, the app's glyph ranges), so the
        // projector lays out and pages as it does in the room; else ImGui's built-in font.
        const std::string regular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
        const std::string bold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
        if (std::filesystem::exists(regular) && std::filesystem::exists(bold)) {
            ImFontAtlas* atlas = ImGui::GetIO().Fonts;
            atlas->Clear();
            auto add = [&](const std::string& file, float px) {
                ImFontConfig config;
                config.OversampleH = 2;
                config.OversampleV = 1;
                config.PixelSnapH = false;
                return atlas->AddFontFromFileTTF(file.c_str(), px, &config, kAppGlyphRanges);
            };
            ui.fonts.body = add(regular, ui::kBodyPx);
            ui.fonts.bold = add(bold, ui::kBodyPx);
            ui.fonts.small = add(regular, ui::kSmallPx);
            ui.fonts.heading = add(bold, ui::kHeadingPx);
            ui.fonts.title = add(bold, ui::kTitlePx);
            ui.fonts.projectorBody = add(regular, ui::kProjectorBodyPx);
            ui.fonts.projectorBold = add(bold, ui::kProjectorBodyPx);
            ui.fonts.projectorTitle = add(bold, ui::kProjectorTitlePx);
            unsigned char* px = nullptr;
            int w = 0, h = 0;
            atlas->GetTexDataAsRGBA32(&px, &w, &h);
        }
        decoder = std::make_unique<GlyphDecoder>(ImGui::GetIO().Fonts);
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(1920, 1080);
        io.MousePos = ImVec2(960, 540); // over the projector: hover-only drawing shows too
    }

    // [SECTION] Driving the room

    void startSession(const std::string& caseId, std::vector<RoomGroup> groups, int timerSeconds) {
        const ScenarioPlugin* p = plugin(caseId);
        ASSERT_TRUE(p && p->usable()) << caseId;
        plug = p;
        secrets = SecretIndex();
        addScenarioSecrets(secrets, *p->scenario, p->manifest);
        RoomSetup setup;
        setup.id = roomIdFor(caseId, clockMs);
        setup.pluginId = caseId;
        setup.pluginVersion = p->manifest.version;
        setup.groups = std::move(groups);
        setup.timerSeconds = timerSeconds;
        setup.createdMs = clockMs;
        ASSERT_TRUE(validateRoomSetup(setup, roleIds()).empty());
        app::RoomUi r;
        r.session = startRoom(*p->scenario, p->manifest, setup, clockMs);
        r.pluginId = caseId;
        model.room = std::move(r);
        ui.nowMs = clockMs;
        stepNo = pagesShown = frameCount = maxPages = decisions = reports = 0;
        capturedGlyphs = hits = 0;
        checkTime = {};
        screensSeen.clear();
        nodesSeen.clear();
        showEveryPage("the room starts: opening content warning");
    }

    std::vector<std::string> roleIds() const {
        std::vector<std::string> ids;
        for (const auto& r : model.knowledge.roles) ids.push_back(r.id);
        return ids;
    }
    RoomSession& room() { return model.room->session; }
    const Scenario& scenario() const { return *plug->scenario; }

    // One room change, then every projector page of what it shows.
    void apply(RoomEvent e, const std::string& step) {
        clockMs += 7'000;
        ui.nowMs = clockMs;
        e.atMs = clockMs;
        std::string error;
        ASSERT_TRUE(roomApply(room(), scenario(), plug->manifest, e, &error)) << step << ": " << error;
        showEveryPage(step);
    }
    void pause(bool on) {
        clockMs += 3'000;
        ui.nowMs = clockMs;
        roomSetPaused(room(), on, clockMs);
        showEveryPage(on ? "pause" : "resume after the pause");
    }

    // The projector draws page 1 of a new screen; the facilitator pages through the rest (as Left/Right
    // and the console's buttons do: the page in the room's record, RoomState::projectorPage). Two frames
    // a page (a new window or tooltip appears on its second frame).
    void showEveryPage(const std::string& step) {
        ++stepNo;
        projectorFrame(step);
        const int pages = model.room->pages;
        maxPages = std::max(maxPages, pages);
        for (int page = 0; page < pages; ++page) {
            room().state.projectorPage = page;
            projectorFrame(step);
            projectorFrame(step);
            EXPECT_EQ(room().state.projectorPage, page) << step;
            ++pagesShown;
        }
        room().state.projectorPage = 0;
        screensSeen.insert(screenName());
        nodesSeen.insert(room().state.run.current().node);
        everSeen.insert(room().state.run.current().node);
    }

    void projectorFrame(const std::string& step) {
        probes.clear();
        ImGuiIO& io = ImGui::GetIO();
        io.DeltaTime = 1.0f / 60.0f;
        ImGui::NewFrame();
        ui::drawProjector(model, ui, sink);
        ImGui::Render();
        (void)app::applyCommands(model, sink, clockMs); // the page count the projector measured
        ++frameCount;
        const auto t0 = std::chrono::steady_clock::now();
        check(captureDrawData(ImGui::GetDrawData(), *decoder), step);
        checkTime += std::chrono::steady_clock::now() - t0;
    }

    std::string screenName() {
        const RoomSession& r = room();
        if (r.paused) return "pause";
        if (r.state.warning) return r.state.warningStage.empty() ? "content warning" : "content warning before " + r.state.warningStage;
        std::string s = roomPhaseName(r.state.phase);
        if (r.state.phase == RoomPhase::Views) s += r.state.viewCurrent.empty() ? " (side by side)" : " (" + r.state.viewCurrent + ")";
        if (r.state.phase == RoomPhase::Voting || r.state.phase == RoomPhase::Revealed) s += " round " + std::to_string(r.state.round());
        return s;
    }

    // [SECTION] The check

    // Everything the projector may show now, normalised (a fragment found in it is a legitimate
    // overlap), plus the role and group names its headings and chips use. \x01 separates the strings.
    std::string releasedText(const ReleasedContent& r) {
        std::string t;
        auto add = [&](const std::string& s) { t += normaliseForCapture(s) + "\x01"; };
        const KnowledgeBase& kb = model.knowledge;
        for (const auto& role : kb.roles) {
            add(kb.roleName(role.id));
            add(kb.roleShort(role.id));
        }
        for (const auto& g : room().setup.groups) add(g.name);
        for (const auto& w : r.warnings) add(w);
        for (const auto* s : {&r.caseOrigin, &r.warningStage, &r.caseTitle, &r.stageTitle, &r.date, &r.nodeTitle, &r.narrative,
                              &r.situation, &r.chosenText, &r.whatHappened})
            add(*s);
        for (const auto& v : r.views) {
            add(v.situation);
            add(v.question);
            for (const auto& o : v.options) add(std::string(1, upper(o.letter)) + o.text);
        }
        for (const auto& g : r.groupsVoted) add(g);
        std::vector<TallyVote> tally;
        for (const auto& v : r.votes) {
            add(v.optionText);
            add(v.rationale);
            tally.push_back({v.group, v.letter, v.optionText, v.firstRoundLetter});
        }
        for (const auto& [shown, norm] : tallyComposites(tally)) t += norm + "\x01";
        for (const auto& p : r.perspectives) {
            add(p.knows);
            add(p.thinks);
            add(p.pressures);
        }
        for (const auto& f : r.feedback) {
            add(f.optionText);
            add(f.outcome);
            for (const auto& [role, view] : f.views) add(view);
        }
        for (const auto& g : r.groupsPlaced) add(g);
        if (r.threshold) add(r.threshold->why); // a threshold point's judgement, released with the votes
        // A chronology point: every concern on record by then, released with the votes (and never before).
        for (const auto& item : r.concernsOnRecord) {
            add(item.date);
            add(item.text);
        }
        add(r.chronologyWhy);
        // A challenge point: the other agency's reply and the why, released with the votes (never before).
        add(r.challengeAgency);
        add(r.challengeDecision);
        add(r.challengeReply);
        add(r.challengeWhy);
        // The route after the reveal: the case's own, the room's local pack's, or the national outline.
        if (!r.challengeReply.empty()) {
            std::vector<EscalationStep> routes = r.challengeRoute;
            for (const auto& step : nationalEscalationRoute()) routes.push_back(step);
            if (const ProceduresPack* pack = app::roomProcedures(model))
                for (const auto& step : pack->escalation) routes.push_back(step);
            for (size_t i = 0; i < routes.size(); ++i) {
                add(routes[i].who);
                add(routes[i].within);
            }
        }
        return t;
    }

    // The groups' votes and rationales in every round so far, as secrets (released ones are excused by
    // releasedText).
    SecretIndex voteSecrets() {
        SecretIndex idx;
        const RoomSession& r = room();
        for (const auto& d : r.state.decisions) {
            const Node* n = scenario().node(d.node);
            for (size_t ri = 0; ri < d.rounds.size(); ++ri) {
                const std::string where = "node " + d.node + " round " + std::to_string(ri + 1) + ": ";
                std::vector<TallyVote> tally;
                for (size_t g = 0; g < r.setup.groups.size(); ++g) {
                    TallyVote tv;
                    tv.group = r.setup.groups[g].name;
                    if (const RoomVote* v = d.rounds[ri].voteOf(static_cast<int>(g))) {
                        tv.letter = letterOf(d, v->option);
                        for (const auto& o : n->options)
                            if (o.id == v->option) tv.optionText = o.text;
                        idx.add(where + "rationale of " + tv.group, v->rationale);
                    }
                    if (ri == 1)
                        if (const RoomVote* v = d.rounds[0].voteOf(static_cast<int>(g))) tv.firstRoundLetter = letterOf(d, v->option);
                    tally.push_back(tv);
                }
                for (const auto& [shown, norm] : tallyComposites(tally))
                    idx.addRaw(where + "votes (a tally row: option line | group chip)", shown, norm);
            }
        }
        return idx;
    }

    void check(const CapturedText& captured, const std::string& step) {
        EXPECT_EQ(captured.unknownQuads, 0) << step;
        const ReleasedContent r = releasedContent(room(), scenario(), plug->manifest, ui.nowMs);
        // The capture is live: the projector's title line is read back on every content screen.
        if (!r.paused && !r.warning && !r.nodeTitle.empty() && room().state.projectorPage == 0) {
            EXPECT_NE(captured.all.find(normaliseForCapture(r.nodeTitle)), std::string::npos)
                << step << ": the node title was not read back from the draw data";
        }
        capturedGlyphs += static_cast<size_t>(captured.glyphs);
        if (reports >= kMaxReports) return;
        const std::string released = releasedText(r);
        const SecretIndex votes = voteSecrets();
        std::set<std::string> reported; // one report per secret and frame
        auto onHit = [&](const SecretIndex& idx, const SecretIndex::Fragment& f, size_t pos) {
            ++hits;
            if (released.find(f.norm) != std::string::npos) return; // released now: legitimate
            const auto& secret = idx.secrets[f.secret];
            if (!reported.insert(secret.label).second || reports >= kMaxReports) return;
            ++reports;
            std::string owner;
            size_t at = 0;
            for (const auto& l : captured.lists) {
                if (pos < at + l.text.size()) {
                    owner = l.owner;
                    break;
                }
                at += l.text.size();
            }
            const std::string secretText = secret.text.size() > 160 ? secret.text.substr(0, 157) + "..." : secret.text;
            ADD_FAILURE() << "LEAK on the projector: unreleased " << secret.label << "\n  fragment: \"" << f.words
                          << "\"\n  secret:   \"" << secretText << "\"\n  screen:   " << screenName() << ", page "
                          << room().state.projectorPage + 1 << " of " << model.room->pages << " (drawn in window \"" << owner
                          << "\")\n  step:     #" << stepNo << " " << step << " (case " << plug->manifest.id << ")";
        };
        secrets.findIn(captured.all, [&](const SecretIndex::Fragment& f, size_t pos) { onHit(secrets, f, pos); });
        votes.findIn(captured.all, [&](const SecretIndex::Fragment& f, size_t pos) { onHit(votes, f, pos); });
    }

    // [SECTION] A whole session

    // Start to ending: every screen, every page. Odd decisions show the views one at a time with
    // Continue (as Enter does); even ones each profession's view by name, then side by side, and have
    // a re-vote in which every other group votes again (mostly for another option). Every third
    // decision one group does not vote; the first pauses, the second shows the warning again.
    void playWholeSession() {
        const Scenario& s = scenario();
        int decision = 0;
        bool pausedOnce = false, warnedAgain = false;
        for (int guard = 0; guard < 600 && room().state.phase != RoomPhase::Ending && !HasFatalFailure(); ++guard) {
            const RoomState& st = room().state;
            const std::string at = " at " + st.run.current().node;
            if (st.warning) {
                apply({RoomEventKind::Continue}, "dismiss the content warning" + at);
                continue;
            }
            switch (st.phase) {
            case RoomPhase::Narrative:
                if (!pausedOnce) {
                    pausedOnce = true;
                    pause(true);
                    pause(false);
                }
                if (!warnedAgain && decision > 0) {
                    warnedAgain = true;
                    apply({RoomEventKind::ShowWarning}, "the facilitator shows the warning again" + at);
                    apply({RoomEventKind::Continue}, "dismiss the warning shown again" + at);
                }
                apply({RoomEventKind::Continue}, "past the narrative" + at);
                break;
            case RoomPhase::Situation:
                if (decision % 2 == 0) {
                    for (const auto& p : roomProfessions(room().setup)) {
                        RoomEvent e{RoomEventKind::ShowViews};
                        e.profession = p;
                        apply(e, "the " + p + " view alone" + at);
                    }
                    apply({RoomEventKind::ShowViews}, "all views side by side" + at);
                    apply({RoomEventKind::OpenVoting}, "open the vote" + at);
                } else {
                    while (room().state.phase == RoomPhase::Situation || room().state.phase == RoomPhase::Views) {
                        apply({RoomEventKind::Continue}, "next view (Continue)" + at);
                        if (HasFatalFailure()) return;
                    }
                }
                break;
            case RoomPhase::Voting: {
                const int round = st.round();
                const size_t groups = room().setup.groups.size();
                for (size_t g = 0; g < groups; ++g) {
                    if (round == 2 && g % 2 == 1) continue; // carried over from round 1
                    if (round == 1 && decision % 3 == 2 && groups > 1 && g + 1 == groups) continue; // one group does not vote
                    auto allowed = optionsForProfession(s, room().state, room().setup.groups[g].profession);
                    if (allowed.empty()) continue;
                    const Option* o = allowed[(g * 3 + static_cast<size_t>(decision) + static_cast<size_t>(round)) % allowed.size()];
                    RoomEvent e{RoomEventKind::Vote};
                    e.group = static_cast<int>(g);
                    e.option = o->id;
                    e.rationale = "Rationale of " + room().setup.groups[g].name + " in round " + std::to_string(round) +
                                  " at decision " + std::to_string(decision + 1) + ": we would ring the duty team today";
                    apply(e, room().setup.groups[g].name + " votes " + std::string(1, letterOf(*room().state.current(), o->id)) + at);
                    if (decision == 0 && round == 1 && g == 0) {
                        apply({RoomEventKind::ClearVote, 0}, "Table 1's vote cleared" + at);
                        apply(e, "Table 1 votes again" + at);
                    }
                    if (HasFatalFailure()) return;
                }
                apply({RoomEventKind::Reveal}, "reveal round " + std::to_string(round) + at);
                break;
            }
            case RoomPhase::Revealed:
                if (st.round() == 1 && decision % 2 == 0) {
                    apply({RoomEventKind::Revote}, "open the re-vote" + at);
                } else {
                    RoomEvent e{RoomEventKind::ChoosePath};
                    if (explore) e.option = unexploredOption();
                    apply(e, (e.option.empty() ? std::string("path by majority") : "the facilitator chooses " + e.option) + at);
                    ++decision;
                }
                break;
            case RoomPhase::Views:  // left by Continue or OpenVoting above
            case RoomPhase::Ending: break;
            }
        }
        ASSERT_EQ(room().state.phase, RoomPhase::Ending) << "the walk reached an ending of " << plug->manifest.id;
        pause(true);
        pause(false);
        decisions = decision;
    }

    // The facilitator's path when exploring: an option whose path (through the narratives after it)
    // reaches a node no session has shown yet; else, on odd sessions, an option that sets no flag (the
    // cases' "as it was" branches); else "" (majority).
    std::string unexploredOption() {
        const RoomDecision* d = room().state.current();
        const Node* n = d ? scenario().node(d->node) : nullptr;
        if (!n) return {};
        std::string passive;
        for (const auto& id : d->letters)
            for (const auto& o : n->options) {
                if (o.id != id) continue;
                if (o.effects.set.empty() && passive.empty()) passive = id;
                RunState from = room().state.run.current();
                if (!o.roles.empty() && !optionForRole(o, from.role)) from.role = o.roles.front();
                std::optional<RunState> next = choose(scenario(), from, id, clockMs);
                for (int k = 0; next && k < 6; ++k) {
                    if (!everSeen.count(next->node)) return id;
                    const Node* nn = scenario().node(next->node);
                    if (!nn || nn->type != NodeType::Narrative) break;
                    next = proceed(scenario(), *next, clockMs);
                }
            }
        return session % 2 == 1 ? passive : std::string();
    }

    void expectEveryScreenSeen(bool several) {
        for (const char* s : {"content warning", "pause", "narrative", "situation", "voting round 1", "revealed round 1",
                              "ending"})
            EXPECT_TRUE(screensSeen.count(s)) << plug->manifest.id << " never showed " << s;
        if (several) {
            EXPECT_TRUE(screensSeen.count("views (side by side)")) << plug->manifest.id;
            EXPECT_TRUE(screensSeen.count("voting round 2")) << plug->manifest.id;
            EXPECT_TRUE(screensSeen.count("revealed round 2")) << plug->manifest.id;
        }
        for (const auto& p : roomProfessions(room().setup))
            EXPECT_TRUE(screensSeen.count("views (" + p + ")")) << plug->manifest.id << " never showed the view of " << p;
        if (!hardStages(scenario(), plug->manifest).empty()) {
            bool stageWarning = false;
            for (const auto& s : screensSeen) stageWarning = stageWarning || s.rfind("content warning before ", 0) == 0;
            EXPECT_TRUE(stageWarning) << plug->manifest.id << ": no warning repeated before a hard stage on this path";
        }
        EXPECT_GT(maxPages, 1) << "some screen is paged";
        EXPECT_GT(decisions, 3);
    }

    void runCase(const std::string& caseId, std::vector<RoomGroup> groups, int timerSeconds = 0) {
        const auto t0 = std::chrono::steady_clock::now();
        const bool several = groups.size() > 1;
        startSession(caseId, std::move(groups), timerSeconds);
        if (HasFatalFailure()) return;
        playWholeSession();
        if (HasFatalFailure()) return;
        expectEveryScreenSeen(several);
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::printf("[ projector ] %s: %zu of %zu nodes, %d decisions, %d steps, %d pages, %d frames, %zu secrets (%zu "
                    "fragments; %zu too short to check), %zu glyphs read, %zu fragment hits (all released), %.2f s (%.2f s "
                    "checking)\n",
                    caseId.c_str(), nodesSeen.size(), scenario().nodes.size(), decisions, stepNo, pagesShown, frameCount,
                    secrets.secrets.size(), secrets.fragmentCount(), secrets.tooShort.size(), capturedGlyphs, hits, secs,
                    std::chrono::duration<double>(checkTime).count());
    }

    const ScenarioPlugin* plug = nullptr;
    std::unique_ptr<GlyphDecoder> decoder;
    SecretIndex secrets;
    std::set<std::string> screensSeen;
    std::set<std::string> nodesSeen;
    std::set<std::string> everSeen; // across sessions
    bool explore = false;           // the facilitator picks paths towards nodes not yet seen
    int session = 0;                // exploring: sessions of this case so far
    int stepNo = 0, pagesShown = 0, frameCount = 0, maxPages = 0, decisions = 0, reports = 0;
    size_t capturedGlyphs = 0, hits = 0;
    std::chrono::steady_clock::duration checkTime{};
};

TEST_F(ProjectorLeak, PeterWholeSessionNeverShowsUnreleasedText) {
    runCase("peter", {{"Table 1", "class_teacher"}, {"Table 2", "social_worker"}, {"Table 3", kMixedProfession}}, 300);
}

TEST_F(ProjectorLeak, JamesWholeSessionNeverShowsUnreleasedText) {
    runCase("james", {{"Table 1", "class_teacher"}, {"Table 2", "social_worker"}, {"Table 3", "senco"}, {"Table 4", kMixedProfession}});
}

TEST_F(ProjectorLeak, TinaWholeSessionNeverShowsUnreleasedText) {
    runCase("tina", {{"Table 1", "social_worker"}, {"Table 2", "class_teacher"}, {"Table 3", kMixedProfession}});
}

// The facilitator steers (chooses paths by hand) until every node of every case has been on the
// projector, every ending included.
TEST_F(ProjectorLeak, EveryNodeOfEveryCaseOnSomePath) {
    explore = true;
    for (const char* id : {"peter", "james", "tina"}) {
        SCOPED_TRACE(id);
        everSeen.clear();
        for (session = 0; session < 8; ++session) {
            const size_t before = everSeen.size();
            runCase(id, {{"Table 1", "class_teacher"}, {"Table 2", "social_worker"}, {"Table 3", kMixedProfession}});
            if (HasFatalFailure()) return;
            if (everSeen.size() == scenario().nodes.size() || (everSeen.size() == before && session % 2 == 1)) break;
        }
        std::vector<std::string> missing;
        for (const auto& n : scenario().nodes)
            if (!everSeen.count(n.id)) missing.push_back(n.id);
        EXPECT_TRUE(missing.empty()) << id << ": never reached " << ::testing::PrintToString(missing);
    }
}

// A smaller projector (1280x720): other page breaks, text shrunk to fit.
TEST_F(ProjectorLeak, EveryCaseAt1280x720) {
    ImGui::GetIO().DisplaySize = ImVec2(1280, 720);
    runCase("peter", {{"Table 1", "class_teacher"}, {"Table 2", "social_worker"}, {"Table 3", kMixedProfession}});
    runCase("james", {{"Table 1", "senco"}, {"Table 2", kMixedProfession}, {"Table 3", "social_worker"}}, 120);
    runCase("tina", {{"Table 1", kMixedProfession}, {"Table 2", "class_teacher"}, {"Table 3", "social_worker"}});
}

// A room of one profession: the other professions' situations and options are never released.
TEST_F(ProjectorLeak, OneProfessionRoomsNeverSeeTheOtherViews) {
    for (const char* id : {"peter", "james", "tina"}) {
        SCOPED_TRACE(id);
        runCase(id, {{"Teachers", "class_teacher"}});
        if (HasFatalFailure()) return;
    }
}

} // namespace
} // namespace wp::test
