// The dispatcher: every command to its handler (handlers.h), then the save flags to effects.
#include "wholepicture/app/apply.h"

#include <cctype>
#include <concepts>
#include <ctime>

#include "handlers.h"

namespace wp::app {

namespace detail {

void Context::report(StatusKind kind, std::string text, std::string topic) {
    // With speech on, a message that appears is also said (after what is being said now): a listener
    // never sees the card.
    if (s.speech) effects.push_back(Speak{text, false}); // the speech output says it as one line
    if (!topic.empty())
        for (auto& m : s.status)
            if (m.topic == topic) {
                m = {kind, std::move(text), std::move(topic)};
                return;
            }
    s.status.push_back({kind, std::move(text), std::move(topic)});
}

bool isPreview(const AppState& s) { return s.author && s.session && s.session->pluginId == s.author->playingId; }

std::string safeIdPart(const std::string& text) {
    std::string out;
    for (char ch : text) {
        const unsigned char c = static_cast<unsigned char>(ch);
        out += (std::isalnum(c) && c < 0x80) || ch == '-' || ch == '_' ? ch : '_';
        if (out.size() >= 40) break;
    }
    return out.empty() ? std::string("x") : out;
}

std::string newRunId(const AppState& s, const Session& session, std::int64_t nowMs) {
    const std::time_t t = static_cast<std::time_t>(nowMs / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char when[32];
    std::strftime(when, sizeof when, "%Y%m%d-%H%M%S", &tm);
    const std::string base = std::string("run-") + when + "-" + safeIdPart(session.pluginId) + "-" + safeIdPart(session.role);
    std::string id = base;
    for (int n = 2;; ++n) {
        bool taken = id == s.sessionRunId || id == s.firstRunId;
        for (const auto& k : s.keptRuns) taken = taken || k.id == id;
        if (!taken) return id;
        id = base + "-" + std::to_string(n);
    }
}

namespace {

// Every command has a handler: a new alternative of Command without one fails to compile here, with
// the command's name in the message.
template <class C>
concept Handled = requires(Context& ctx, const C& c) {
    { handle(ctx, c) } -> std::same_as<bool>;
};
template <class... Cs>
constexpr bool everyCommandHandled(const std::variant<Cs...>*) {
    return (Handled<Cs> && ...);
}
static_assert(everyCommandHandled(static_cast<const Command*>(nullptr)),
              "a command has no handle(Context&, const C&) overload in src/app/handlers.h");

// The save flags become effects once, from the final state.
void finish(Context& c) {
    AppState& s = c.s;
    // A reflection typed and not yet committed is saved once the debrief is left.
    if (s.reflectionUnsaved && s.screen != Screen::Debrief) {
        s.reflectionUnsaved = false;
        c.saveProgress = true;
    }
    if (c.saveProgress && s.session && !isPreview(s)) {
        if (const ScenarioPlugin* p = selectedPlugin(s); p && p->usable() && p->manifest.id == s.session->pluginId) {
            if (s.sessionRunId.empty()) s.sessionRunId = newRunId(s, *s.session, c.nowMs);
            RunRecord run = makeRunRecord(s, *s.session, s.sessionRunId, s.debrief.get());
            run.suspending = c.suspendProgress && !run.finished;
            if (s.firstRun && s.firstRun->pluginId == s.session->pluginId) {
                run.firstRunId = s.firstRunId;
                run.firstRun = sessionToJson(*s.firstRun);
                (*run.firstRun)["run_id"] = s.firstRunId;
            }
            c.effects.push_back(SaveProgress{std::move(run)});
        }
    }
    if (c.saveRoom && s.room && !s.room->recordFile.empty())
        c.effects.push_back(SaveRoomRecord{makeRoomRecord(s.room->recordFile.stem().string(), s.room->recordFile.string(),
                                                          roomPlugin(s) ? roomPlugin(s)->displayName() : s.room->pluginId,
                                                          s.knowledge, s.room->session)});
    if (c.saveSettings) c.effects.push_back(SaveSettingsFile{s.settings});
    followInView(s, c.effects);
}

} // namespace
} // namespace detail

Outcome apply(AppState& state, const Command& command, std::int64_t nowMs) {
    Outcome out;
    detail::Context ctx{state, nowMs, out.effects};
    out.applied = std::visit([&ctx](const auto& c) { return detail::handle(ctx, c); }, command);
    detail::finish(ctx);
    return out;
}

bool applyCommand(AppState& state, const Command& command, std::int64_t nowMs) {
    return apply(state, command, nowMs).applied;
}

std::vector<Effect> applyCommands(AppState& state, CommandSink& sink, std::int64_t nowMs) {
    // Take the list first: applying must not see commands pushed while applying.
    std::vector<Command> pending;
    pending.swap(sink.commands);
    std::vector<Effect> effects;
    for (const auto& c : pending) {
        Outcome o = apply(state, c, nowMs);
        for (auto& e : o.effects) effects.push_back(std::move(e));
    }
    return effects;
}

const char* effectName(const Effect& e) {
    struct Names {
        const char* operator()(const SaveProgress&) const { return "save progress"; }
        const char* operator()(const ClearProgress&) const { return "clear progress"; }
        const char* operator()(const KeepRun&) const { return "keep run"; }
        const char* operator()(const DeleteRun&) const { return "delete run"; }
        const char* operator()(const ChangeProfile&) const { return "change profile"; }
        const char* operator()(const CreateProfile&) const { return "create profile"; }
        const char* operator()(const SetProfileName&) const { return "set profile name"; }
        const char* operator()(const EraseProfileRecords&) const { return "erase profile records"; }
        const char* operator()(const ReadRun&) const { return "read run"; }
        const char* operator()(const ReadRoom&) const { return "read room"; }
        const char* operator()(const WriteRecordsExport&) const { return "write records export"; }
        const char* operator()(const WriteTrainingRecord&) const { return "write training record"; }
        const char* operator()(const SaveRoomRecord&) const { return "save room"; }
        const char* operator()(const SaveSettingsFile&) const { return "save settings"; }
        const char* operator()(const ExportDebrief&) const { return "export debrief"; }
        const char* operator()(const ExportRoom&) const { return "export room"; }
        const char* operator()(const ExportComparison&) const { return "export comparison"; }
        const char* operator()(const RevealFolder&) const { return "open folder"; }
        const char* operator()(const LoadAuthorFolder&) const { return "load author folder"; }
        const char* operator()(const ReloadAuthorFolderFiles&) const { return "reload author folder"; }
        const char* operator()(const StopWatchingFolder&) const { return "stop watching"; }
        const char* operator()(const QuitApp&) const { return "quit"; }
        const char* operator()(const CheckCaseFile&) const { return "check case file"; }
        const char* operator()(const InstallCase&) const { return "install case"; }
        const char* operator()(const LoadPendingPlugins&) const { return "load pending plugins"; }
        const char* operator()(const WriteReviewSheet&) const { return "write review sheet"; }
        const char* operator()(const ReadReviewSheet&) const { return "read review sheet"; }
        const char* operator()(const WriteCasePack&) const { return "write case pack"; }
        const char* operator()(const Speak&) const { return "speak"; }
        const char* operator()(const StopSpeaking&) const { return "stop speaking"; }
        const char* operator()(const ConfigureSpeech&) const { return "configure speech"; }
        // Names only: these carry the secret.
        const char* operator()(const ApplyLrsSettings&) const { return "apply learning record store settings"; }
        const char* operator()(const SendLrsTest&) const { return "send a test statement"; }
        const char* operator()(const RequeueLrsStatements&) const { return "requeue refused statements"; }
        const char* operator()(const ListVoices&) const { return "list voices"; }
        const char* operator()(const WriteNewCase&) const { return "create a case"; }
        const char* operator()(const ReadCaseDraft&) const { return "read the case for editing"; }
        const char* operator()(const LintCaseDraft&) const { return "check the case being edited"; }
        const char* operator()(const WriteCaseDraft&) const { return "save the case being edited"; }
        const char* operator()(const ForgetUnsavedDraft&) const { return "forget unsaved edits"; }
    };
    return std::visit(Names{}, e);
}

} // namespace wp::app
