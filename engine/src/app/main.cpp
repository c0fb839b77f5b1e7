// Composition root: command line, knowledge base, plugin discovery, settings and autosave, then the
// window. The views never touch files; this file owns every read and write the app does.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "wholepicture/core/author_mode.h"
#include "wholepicture/core/file_watcher.h"
#include "wholepicture/core/json_file.h"
#include "wholepicture/core/knowledge.h"
#include "wholepicture/core/loader.h"
#include "wholepicture/core/paths.h"
#include "wholepicture/core/room.h"
#include "wholepicture/core/room_debrief.h"
#include "wholepicture/core/report.h"
#include "wholepicture/core/runner.h"
#include "wholepicture/core/settings.h"
#include "wholepicture/platform/window.h"
#include "wholepicture/ui/app_model.h"

#ifndef WP_VERSION
#define WP_VERSION "0.1.0"
#endif

namespace {

namespace fs = std::filesystem;
using namespace wp;

constexpr int kExitUsage = 2;

const char* const kUsage =
    "Usage: wholepicture [options]\n"
    "\n"
    "Joint safeguarding training for teachers and social workers: play a real case decision by decision.\n"
    "\n"
    "Options:\n"
    "  --plugins DIR        also load scenario plugins from DIR (repeatable)\n"
    "  --author DIR         author mode: open the plugin folder DIR (broken or not), show its problems\n"
    "                       and reload it whenever a file in it is saved\n"
    "  --ui-scale X         UI scale from 0.75 to 3 (remembered); default: the monitor's scale\n"
    "  --theme dark|light   colour theme (remembered); light is the high-contrast projector theme\n"
    "  --size WxH           window size in pixels (default 1600x900)\n"
    "  --plugin ID          open a case (the role screen)\n"
    "  --role ROLE          with --plugin: start playing as ROLE\n"
    "  --choose A,B,...     with --role: choose these option ids in order (narrative nodes are continued)\n"
    "  --screen summary     after the choices, show the debrief\n"
    "  --panel map          on the play screen, open the information-flow map panel\n"
    "  --section PART       with --screen summary: open the debrief at scores, maps, path, history,\n"
    "                       discussion or reflection\n"
    "  --swap ROLE          with --screen summary: play the case again as ROLE (role swap), keeping the first run\n"
    "  --swap-choose A,B,.. the second run's choices; a finished second run opens the comparison\n"
    "  --export DIR         with --screen summary: save the report (HTML), session (JSON) and map (PNG) in DIR\n"
    "  --screenshot FILE    render that state to a PNG and exit (for documentation and tests)\n"
    "  --frames N           frames to render before a screenshot (default 5)\n"
    "  --room ID            start a room (joint session) on case ID (the facilitator console)\n"
    "  --groups LIST        with --room: \"Table 1:class_teacher,Table 2:social_worker,Table 3:mixed\"\n"
    "  --timer SECONDS      with --room: a timer for each vote (default: none)\n"
    "  --room-script STEPS  with --room: comma-separated steps: c (continue), views, view:ROLE, open, 2b (group 2\n"
    "                       votes b), reveal, revote, path (majority), path:b, undo, warn, pause, projector, debrief\n"
    "  --projector-window   room sessions: the projector view in its own window even with one monitor\n"
    "                       (with two or more monitors it opens on the second one anyway)\n"
    "  --screenshot-projector FILE  with --screenshot and --room: also capture the projector window\n"
    "  --help               show this help\n"
    "  --version            show the version\n"
    "\n"
    "Progress is saved after every step in $XDG_STATE_HOME/wholepicture/autosave.json; room sessions in\n"
    "$XDG_STATE_HOME/wholepicture/rooms/ after every change (the app offers to resume one at start-up).\n";

struct CommandLine {
    std::vector<fs::path> pluginDirs;
    fs::path authorDir;
    std::optional<float> uiScale;
    std::optional<std::string> theme;
    int width = 1600;
    int height = 900;
    std::string plugin;
    std::string role;
    std::vector<std::string> choices;
    bool summary = false;
    bool showMap = false;
    std::string exportDir;
    std::string section;
    std::string swapRole;
    std::vector<std::string> swapChoices;
    std::string screenshot;
    int frames = 5;
    std::string room;
    std::vector<RoomGroup> groups;
    int timer = 0;
    std::vector<std::string> roomScript;
    bool projectorWindow = false;
    std::string projectorScreenshot;
};

[[noreturn]] void usageError(const std::string& message) {
    std::fprintf(stderr, "wholepicture: %s\nTry 'wholepicture --help'.\n", message.c_str());
    std::exit(kExitUsage);
}

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
        if (!item.empty()) out.push_back(item);
    return out;
}

CommandLine parseCommandLine(int argc, char** argv) {
    CommandLine cl;
    auto value = [&](int& i, const std::string& flag) -> std::string {
        if (i + 1 >= argc) usageError(flag + " needs a value");
        return argv[++i];
    };
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            std::fputs(kUsage, stdout);
            std::exit(0);
        } else if (arg == "--version") {
            std::printf("wholepicture %s\n", WP_VERSION);
            std::exit(0);
        } else if (arg == "--plugins") {
            cl.pluginDirs.emplace_back(value(i, arg));
        } else if (arg == "--author") {
            cl.authorDir = value(i, arg);
        } else if (arg == "--ui-scale") {
            const std::string v = value(i, arg);
            char* end = nullptr;
            const float scale = std::strtof(v.c_str(), &end);
            if (end == v.c_str() || *end != '\0' || !(scale >= kMinUiScale && scale <= kMaxUiScale))
                usageError("--ui-scale expects a number from 0.75 to 3, got '" + v + "'");
            cl.uiScale = scale;
        } else if (arg == "--theme") {
            const std::string v = value(i, arg);
            if (v != "dark" && v != "light") usageError("--theme expects dark or light, got '" + v + "'");
            cl.theme = v;
        } else if (arg == "--size") {
            const std::string v = value(i, arg);
            int w = 0, h = 0;
            char extra = 0;
            if (std::sscanf(v.c_str(), "%dx%d%c", &w, &h, &extra) != 2 || w < 640 || h < 400 || w > 8192 || h > 8192)
                usageError("--size expects WIDTHxHEIGHT (at least 640x400), got '" + v + "'");
            cl.width = w;
            cl.height = h;
        } else if (arg == "--plugin") {
            cl.plugin = value(i, arg);
        } else if (arg == "--role") {
            cl.role = value(i, arg);
        } else if (arg == "--choose") {
            cl.choices = splitList(value(i, arg));
        } else if (arg == "--screen") {
            const std::string v = value(i, arg);
            if (v != "summary") usageError("--screen accepts only 'summary', got '" + v + "'");
            cl.summary = true;
        } else if (arg == "--panel") {
            const std::string v = value(i, arg);
            if (v != "map" && v != "case-file") usageError("--panel expects map or case-file, got '" + v + "'");
            cl.showMap = v == "map";
        } else if (arg == "--section") {
            const std::string v = value(i, arg);
            if (v != "scores" && v != "maps" && v != "path" && v != "history" && v != "discussion" && v != "reflection")
                usageError("--section expects scores, maps, path, history, discussion or reflection, got '" + v + "'");
            cl.section = v;
        } else if (arg == "--swap") {
            cl.swapRole = value(i, arg);
        } else if (arg == "--swap-choose") {
            cl.swapChoices = splitList(value(i, arg));
        } else if (arg == "--export") {
            cl.exportDir = value(i, arg);
        } else if (arg == "--screenshot") {
            cl.screenshot = value(i, arg);
        } else if (arg == "--frames") {
            const std::string v = value(i, arg);
            cl.frames = std::atoi(v.c_str());
            if (cl.frames < 1 || cl.frames > 600) usageError("--frames expects 1 to 600, got '" + v + "'");
        } else if (arg == "--room") {
            cl.room = value(i, arg);
        } else if (arg == "--groups") {
            for (const auto& item : splitList(value(i, arg))) {
                auto colon = item.rfind(':');
                if (colon == std::string::npos) usageError("--groups expects NAME:PROFESSION items, got '" + item + "'");
                cl.groups.push_back({item.substr(0, colon), item.substr(colon + 1)});
            }
        } else if (arg == "--timer") {
            const std::string v = value(i, arg);
            cl.timer = std::atoi(v.c_str());
            if (cl.timer < 0 || cl.timer > 3600) usageError("--timer expects 0 to 3600 seconds, got '" + v + "'");
        } else if (arg == "--projector-window") {
            cl.projectorWindow = true;
        } else if (arg == "--screenshot-projector") {
            cl.projectorScreenshot = value(i, arg);
            cl.projectorWindow = true;
        } else if (arg == "--room-script") {
            cl.roomScript = splitList(value(i, arg));
        } else {
            usageError("unknown option '" + arg + "'");
        }
    }
    if (!cl.role.empty() && cl.plugin.empty()) usageError("--role needs --plugin");
    if (!cl.choices.empty() && cl.role.empty()) usageError("--choose needs --plugin and --role");
    if (cl.summary && cl.role.empty()) usageError("--screen summary needs --plugin and --role");
    if ((!cl.groups.empty() || !cl.roomScript.empty() || cl.timer) && cl.room.empty())
        usageError("--groups, --timer and --room-script need --room");
    if (!cl.room.empty() && !cl.plugin.empty()) usageError("--room and --plugin cannot be combined");
    if (!cl.projectorScreenshot.empty() && (cl.screenshot.empty() || cl.room.empty()))
        usageError("--screenshot-projector needs --room and --screenshot");
    if (!cl.exportDir.empty() && !cl.summary) usageError("--export needs --screen summary");
    if (!cl.swapRole.empty() && !cl.summary) usageError("--swap needs --screen summary (the swap starts from the debrief)");
    if (!cl.swapChoices.empty() && cl.swapRole.empty()) usageError("--swap-choose needs --swap");
    return cl;
}

std::string availableList(const std::vector<std::string>& items) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
    return out.empty() ? "(none)" : out;
}

// Where "Save report" suggests writing: ~/Documents/Whole Picture reports when ~/Documents exists
// (people look there), else $XDG_DATA_HOME/wholepicture/reports.
fs::path defaultReportsDir(const AppPaths& paths) {
    if (const char* home = std::getenv("HOME"); home && *home) {
        std::error_code ec;
        const fs::path docs = fs::path(home) / "Documents";
        if (fs::is_directory(docs, ec)) return docs / "Whole Picture reports";
    }
    return paths.dataDir / "reports";
}

// "peter-dsl-2026-03-12-1405": case, role and when the run started (UTC), safe in any file system.
std::string exportBaseName(const Session& session) {
    const std::time_t t = static_cast<std::time_t>(session.startedMs / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char when[32];
    std::strftime(when, sizeof when, "%Y-%m-%d-%H%M", &tm);
    std::string base = session.pluginId + "-" + session.role + "-" + when;
    for (char& c : base)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) c = '_';
    return base;
}

// Writes the debrief report (HTML, maps inline), the session (JSON) and the map (PNG, rendered by the
// platform through GL) into `folder`, and says in a status message which files it wrote.
void exportReport(ui::AppModel& m, const fs::path& folder) {
    const Plugin* p = ui::selectedPlugin(m);
    if (!p || !p->usable() || !m.session || !m.debrief) {
        m.status.push_back({ui::StatusKind::Error, "There is no debrief to save yet."});
        return;
    }
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec || !fs::is_directory(folder, ec)) {
        m.status.push_back({ui::StatusKind::Error, "Could not create the folder " + folder.string() + "."});
        return;
    }
    const std::string base = exportBaseName(*m.session);
    const fs::path html = folder / (base + "-report.html");
    const fs::path json = folder / (base + "-session.json");
    const fs::path png = folder / (base + "-map.png");
    Diagnostics diags;
    std::vector<std::string> written;
    if (writeFileAtomically(html, debriefToHtml(*m.debrief, *p->scenario, p->manifest, m.knowledge), diags))
        written.push_back(html.filename().string());
    if (writeFileAtomically(json, sessionToJson(*m.session, *p->scenario).dump(2) + "\n", diags))
        written.push_back(json.filename().string());
    std::string pngError;
    if (platform::renderMapPng(m, png.string(), &pngError)) written.push_back(png.filename().string());
    else m.status.push_back({ui::StatusKind::Warning, "The map picture was not saved: " + pngError});
    for (const auto& d : diags) m.status.push_back({ui::StatusKind::Error, formatDiagnostic(d)});
    if (!written.empty()) {
        std::string list;
        for (size_t i = 0; i < written.size(); ++i) list += (i ? (i + 1 == written.size() ? " and " : ", ") : "") + written[i];
        m.status.push_back({ui::StatusKind::Info, "Saved " + list + " in " + folder.string() + "."});
    }
}

// Drives the model through the scripted state with the same commands the UI sends.
void applyScript(ui::AppModel& model, const CommandLine& cl) {
    using namespace wp::ui;
    if (cl.plugin.empty()) return;
    if (findPlugin(model, cl.plugin) < 0) {
        std::vector<std::string> ids;
        for (const auto& p : model.library)
            if (p.usable()) ids.push_back(p.manifest.id);
        usageError("no usable plugin '" + cl.plugin + "'; available: " + availableList(ids));
    }
    (void)applyCommand(model, OpenPlugin{cl.plugin}, platform::nowMs());
    if (cl.role.empty()) return;
    const Plugin& plugin = *selectedPlugin(model);
    if (!applyCommand(model, SelectRole{cl.role}, platform::nowMs()))
        usageError("'" + cl.role + "' is not playable in " + cl.plugin + "; playable: " + availableList(plugin.manifest.roles));
    (void)applyCommand(model, StartSession{}, platform::nowMs());

    const Scenario& s = *plugin.scenario;
    auto play = [&](const std::vector<std::string>& choices, const char* flag) {
        for (size_t i = 0; i < choices.size(); ++i) {
            // Narrative nodes (and the feedback of the previous choice) are continued automatically.
            while (model.screen == Screen::Play &&
                   (model.phase == PlayPhase::Feedback || currentNode(s, model.session->current()).type == NodeType::Narrative))
                if (!applyCommand(model, Continue{}, platform::nowMs())) break;
            const RunState& st = model.session->current();
            const std::string which = std::string(flag) + " choice " + std::to_string(i + 1);
            if (model.screen != Screen::Play || currentNode(s, st).type != NodeType::Decision)
                usageError(which + " ('" + choices[i] + "'): the case has no open decision here (node '" + st.node + "')");
            if (!applyCommand(model, Choose{choices[i]}, platform::nowMs())) {
                std::vector<std::string> ids;
                for (const Option* o : availableOptions(s, st)) ids.push_back(o->id);
                usageError(which + ": '" + choices[i] + "' is not available at '" + st.node + "'; available: " + availableList(ids));
            }
        }
    };
    auto toDebrief = [&] {
        while (model.screen == Screen::Play &&
               (model.phase == PlayPhase::Feedback || currentNode(s, model.session->current()).type == NodeType::Narrative))
            if (!applyCommand(model, Continue{}, platform::nowMs())) break;
    };
    play(cl.choices, "--choose");
    if (cl.summary) {
        toDebrief();
        if (model.screen != Screen::Summary) (void)applyCommand(model, ShowSummary{}, platform::nowMs());
    }
    if (!cl.swapRole.empty()) {
        // Role swap as the debrief's "Play as" button does it; a finished second run opens the comparison.
        if (!applyCommand(model, PlayAsRole{cl.swapRole}, platform::nowMs()))
            usageError("--swap: cannot play '" + cl.swapRole + "' after " + cl.role + "; playable: " + availableList(plugin.manifest.roles));
        play(cl.swapChoices, "--swap-choose");
        toDebrief();
        if (model.screen != Screen::Compare) (void)applyCommand(model, ShowCompare{}, platform::nowMs());
    }
    model.status.clear();
}

// A room session scripted from the command line (screenshots, demos), with the commands the console sends.
void applyRoomScript(ui::AppModel& model, const CommandLine& cl) {
    using namespace wp::ui;
    if (cl.room.empty()) return;
    if (findPlugin(model, cl.room) < 0) usageError("no usable plugin '" + cl.room + "' for --room");
    std::vector<RoomGroup> groups = cl.groups;
    if (groups.empty()) groups = {{"Table 1", "class_teacher"}, {"Table 2", "social_worker"}, {"Table 3", kMixedProfession}};
    if (!applyCommand(model, StartRoom{cl.room, groups, cl.timer}, platform::nowMs())) {
        std::string why;
        for (const auto& st : model.status) why += "\n  " + st.text;
        usageError("the room could not start:" + why);
    }
    auto event = [](RoomEventKind k, std::string option = {}, std::string prof = {}) {
        return Command{RoomStep{RoomEvent{k, -1, std::move(option), "", std::move(prof), 0}}};
    };
    for (const auto& step : cl.roomScript) {
        Command c = event(RoomEventKind::Continue);
        if (step == "c" || step == "continue") c = event(RoomEventKind::Continue);
        else if (step == "views") c = event(RoomEventKind::ShowViews);
        else if (step.rfind("view:", 0) == 0) c = event(RoomEventKind::ShowViews, "", step.substr(5));
        else if (step == "open") c = event(RoomEventKind::OpenVoting);
        else if (step == "reveal") c = event(RoomEventKind::Reveal);
        else if (step == "revote") c = event(RoomEventKind::Revote);
        else if (step == "path") c = event(RoomEventKind::ChoosePath);
        else if (step.rfind("path:", 0) == 0 && step.size() == 6) {
            const RoomDecision* d = model.room->session.state.current();
            c = event(RoomEventKind::ChoosePath, d ? optionOfLetter(*d, step[5]) : std::string("?"));
        } else if (step == "warn") c = event(RoomEventKind::ShowWarning);
        else if (step == "undo") c = RoomUndo{};
        else if (step == "pause") c = RoomTogglePause{};
        else if (step == "projector") c = RoomToggleProjector{};
        else if (step == "debrief") c = RoomShowDebrief{};
        else if (step.size() >= 2 && std::isdigit(static_cast<unsigned char>(step[0])) && std::isalpha(static_cast<unsigned char>(step.back())))
            c = RoomVoteLetter{std::atoi(step.c_str()) - 1, static_cast<char>(std::tolower(static_cast<unsigned char>(step.back()))), "", true};
        else usageError("--room-script: unknown step '" + step + "'");
        if (!applyCommand(model, c, platform::nowMs()))
            usageError("--room-script: step '" + step + "' does not apply here: " + (model.room ? model.room->message : std::string()));
    }
    model.status.clear();
}

} // namespace

int main(int argc, char** argv) {
    const CommandLine cl = parseCommandLine(argc, argv);
    const bool screenshot = !cl.screenshot.empty();
    const AppPaths paths = appPaths();

    ui::AppModel model;

    // Knowledge base and plugins. Problems are reported in the app; they never stop it.
    Diagnostics kbDiags;
    const fs::path contentDir = findBundled("content");
    model.knowledge = loadKnowledgeBase(contentDir, kbDiags);
    for (const auto& d : kbDiags)
        if (d.severity == Severity::Error) model.status.push_back({ui::StatusKind::Error, formatDiagnostic(d)});

    std::vector<SearchDir> dirs;
    if (const fs::path bundled = findBundled("plugins"); !bundled.empty()) dirs.push_back({bundled, PluginOrigin::Bundled});
    dirs.push_back({paths.userPlugins(), PluginOrigin::User});
    for (const auto& d : cl.pluginDirs) {
        std::error_code ec;
        if (!fs::is_directory(d, ec)) usageError("--plugins: '" + d.string() + "' is not a directory");
        dirs.push_back({d, PluginOrigin::CommandLine});
    }
    model.library = discoverPlugins(dirs, model.knowledge);

    // Settings. Screenshots are reproducible: they ignore and never write the user's files.
    Settings settings;
    const fs::path settingsPath = settingsFile(paths.configDir);
    if (!screenshot) {
        Diagnostics diags;
        settings = loadSettings(settingsPath, diags);
        for (const auto& d : diags) model.status.push_back({ui::StatusKind::Warning, formatDiagnostic(d)});
    }
    if (cl.theme) settings.theme = *cl.theme;
    model.theme = settings.theme == "light" ? ui::Theme::Light : ui::Theme::Dark;
    if (cl.uiScale) {
        settings.uiScale = *cl.uiScale;
        model.uiScale = *cl.uiScale;
        model.uiScaleChosen = true;
    } else {
        model.uiScale = settings.uiScale > 0 ? settings.uiScale : 0.0f; // 0: follow the monitor
        model.uiScaleChosen = settings.uiScale > 0;
    }
    if (!screenshot && (cl.uiScale || cl.theme)) {
        Diagnostics diags;
        (void)saveSettings(settingsPath, settings, diags);
    }

    // The autosave of an unfinished (or finished, not yet debriefed) run.
    const fs::path autosavePath = autosaveFile(paths.stateDir);
    if (!screenshot) {
        Diagnostics diags;
        if (auto saved = readAutosave(autosavePath, diags)) {
            std::optional<nlohmann::json> first = readCompareWith(*saved, diags); // a role swap's first run
            model.resume = ui::resumeOfferFor(model, std::move(*saved));
            if (model.resume) model.resume->compareWith = std::move(first);
        }
        for (const auto& d : diags) model.status.push_back({ui::StatusKind::Warning, formatDiagnostic(d)});
    }

    // Author mode: the folder is opened here and watched on a thread. On a save that thread loads and
    // lints the folder itself (about a second for a 2,000-decision case) and hands the result over;
    // the loop applies it before the next frame, so the window never freezes on a reload.
    model.recentAuthorFolders = settings.recentAuthorFolders;
    struct PendingAuthorLoad {
        fs::path dir;
        AuthorLoad load;
    };
    std::mutex pendingMutex; // declared before the watcher: its thread uses these until it is joined
    std::optional<PendingAuthorLoad> pendingLoad;
    const KnowledgeBase watcherKnowledge = model.knowledge; // the watcher thread's own read-only copy
    std::unique_ptr<FolderWatchThread> watcher;
    auto openAuthor = [&](ui::AppModel& m, fs::path dir) {
        std::error_code ec;
        const std::string typed = dir.string();
        if ((typed == "~" || typed.rfind("~/", 0) == 0) && std::getenv("HOME"))
            dir = fs::path(std::getenv("HOME")) / typed.substr(std::min<size_t>(2, typed.size()));
        const fs::path absolute = fs::absolute(dir, ec).lexically_normal();
        const fs::path folder = absolute.has_filename() ? absolute : absolute.parent_path();
        watcher.reset();
        ui::openAuthorFolder(m, folder, platform::nowMs());
        watcher = std::make_unique<FolderWatchThread>(folder, [&, folder](std::vector<std::string> names) {
            if (!anyPluginSourceChange(names)) return;
            AuthorLoad load = loadAuthorFolder(folder, watcherKnowledge);
            {
                std::lock_guard lock(pendingMutex);
                pendingLoad = PendingAuthorLoad{folder, std::move(load)};
            }
            platform::wakeLoop();
        });
        if (!watcher->ok()) m.author->watchError = watcher->error();
        if (!screenshot) {
            rememberAuthorFolder(settings, folder.string());
            m.recentAuthorFolders = settings.recentAuthorFolders;
            m.settingsDirty = true;
        }
    };
    if (!cl.authorDir.empty()) openAuthor(model, cl.authorDir);

    model.reportsDir = defaultReportsDir(paths).string();
    applyScript(model, cl);
    if (!cl.exportDir.empty()) (void)ui::applyCommand(model, ui::SaveReport{cl.exportDir}, platform::nowMs());
    applyRoomScript(model, cl);

    // A room session left unfinished (the app was closed or crashed): offer to resume the newest one.
    // Records that cannot be read are reported and left where they are.
    if (!screenshot && cl.room.empty()) {
        Diagnostics diags;
        for (const auto& info : listRoomRecords(paths.stateDir, diags)) {
            if (info.closed) continue;
            const int idx = ui::findPlugin(model, info.pluginId);
            if (idx < 0) continue;
            const Plugin& p = model.library[static_cast<size_t>(idx)];
            if (auto restored = loadRoom(info.path, *p.scenario, p.manifest, diags)) {
                model.roomResume = ui::RoomResumeOffer{std::move(*restored), info.pluginId, info.path.string()};
                break;
            }
        }
        for (const auto& d : diags)
            model.status.push_back({ui::StatusKind::Warning, "Room record: " + formatDiagnostic(d) + " (the file is kept)"});
    }

    platform::WindowOptions options;
    options.width = cl.width;
    options.height = cl.height;
    options.screenshotPath = cl.screenshot;
    options.screenshotFrames = cl.frames;
    options.projectorWindow = cl.projectorWindow;
    options.projectorScreenshotPath = cl.projectorScreenshot;
    options.showMap = cl.showMap;
    options.debriefSection = cl.section;
    if (!screenshot) {
        std::error_code ec;
        fs::create_directories(paths.stateDir, ec);
        options.iniFile = (paths.stateDir / "imgui.ini").string();
    }

    // Persistence after each frame's commands: the autosave after every step, settings on change.
    // Author mode requests (open, reload, close) are file work too, so they are served here.
    bool autosaveFailureReported = false;
    const fs::path compareFile = compareRunFile(paths.stateDir);
    std::string compareWrittenFor; // the first run (role|start) last written to compareFile
    auto persist = [&](ui::AppModel& m) {
        if (!m.authorOpenRequest.empty()) {
            const fs::path dir = m.authorOpenRequest;
            m.authorOpenRequest.clear();
            openAuthor(m, dir);
        }
        if (m.authorReloadRequest) {
            m.authorReloadRequest = false;
            ui::reloadAuthorFolder(m, platform::nowMs());
        }
        if (m.authorCloseRequest) {
            m.authorCloseRequest = false;
            watcher.reset();
        }
        // A run in the author's own folder is a preview, not the trainee's progress: no autosave.
        if (m.author && m.session && m.session->pluginId == m.author->playingId) m.autosaveDirty = false;
        if (m.exportRequest) {
            const fs::path folder = *m.exportRequest;
            m.exportRequest.reset();
            exportReport(m, folder);
        }
        if (screenshot) return;
        if (m.autosaveClear) {
            removeAutosave(autosavePath);
            m.autosaveClear = false;
        }
        // A reflection typed and not yet committed is saved once the debrief is left.
        if (m.reflectionUnsaved && m.screen != ui::Screen::Summary) {
            m.reflectionUnsaved = false;
            m.autosaveDirty = true;
        }
        if (m.autosaveDirty && m.session) {
            m.autosaveDirty = false;
            if (const Scenario* s = ui::activeScenario(m)) {
                Diagnostics diags;
                nlohmann::json saved = sessionToJson(*m.session, *s);
                // A role swap: the first run is kept beside the autosave (written once per first run).
                if (m.firstRun && m.firstRun->pluginId == m.session->pluginId) {
                    const std::string key = m.firstRun->role + "|" + std::to_string(m.firstRun->startedMs);
                    if (key != compareWrittenFor &&
                        writeAutosave(compareFile, sessionToJson(*m.firstRun, *s), diags))
                        compareWrittenFor = key;
                    if (key == compareWrittenFor) saved["compare_with"] = compareFile.string();
                }
                if (!writeAutosave(autosavePath, saved, diags) && !autosaveFailureReported) {
                    autosaveFailureReported = true;
                    for (const auto& d : diags) m.status.push_back({ui::StatusKind::Warning, "Progress not saved: " + formatDiagnostic(d)});
                }
            }
        }
        if (m.roomDirty && m.room) {
            m.roomDirty = false;
            Diagnostics diags;
            if (!saveRoom(m.room->session, paths.stateDir, diags))
                for (const auto& d : diags) m.status.push_back({ui::StatusKind::Warning, "Room not saved: " + formatDiagnostic(d)});
        }
        if (m.roomExportRequested && m.room) {
            m.roomExportRequested = false;
            if (const Plugin* p = ui::roomPlugin(m)) {
                const fs::path dir = paths.dataDir / "room-reports";
                const fs::path html = dir / (m.room->session.setup.id + ".html");
                const fs::path csv = dir / (m.room->session.setup.id + ".csv");
                const RoomDebrief d = buildRoomDebrief(m.room->session, *p->scenario, p->manifest, m.knowledge);
                Diagnostics diags;
                const bool ok = writeFileAtomically(html, roomReportHtml(d, m.room->session, *p->scenario, m.knowledge), diags) &&
                                writeFileAtomically(csv, roomChoicesCsv(m.room->session, *p->scenario), diags);
                if (ok) m.room->exportedTo = html.string() + "\n" + csv.string();
                for (const auto& x : diags) m.status.push_back({ui::StatusKind::Error, "Export failed: " + formatDiagnostic(x)});
            }
        }
        if (m.settingsDirty) {
            m.settingsDirty = false;
            if (m.uiScaleChosen) settings.uiScale = m.uiScale;
            settings.theme = m.theme == ui::Theme::Light ? "light" : "dark";
            if (const Plugin* p = ui::selectedPlugin(m)) settings.lastPlugin = p->manifest.id;
            if (m.session) settings.lastRole = m.session->role;
            Diagnostics diags;
            (void)saveSettings(settingsPath, settings, diags);
        }
    };
    // The scripted steps count as steps. An export waits for the window: the map PNG is drawn by GL.
    std::optional<std::string> pendingExport = std::move(model.exportRequest);
    model.exportRequest.reset();
    persist(model);
    model.exportRequest = std::move(pendingExport);

    // A save in the watched folder, loaded on the watcher's thread, is applied before the next frame
    // (and dropped if author mode was closed or moved to another folder meanwhile).
    options.beforeFrame = [&](ui::AppModel& m) {
        std::optional<PendingAuthorLoad> ready;
        {
            std::lock_guard lock(pendingMutex);
            ready.swap(pendingLoad);
        }
        if (!ready) return false;
        return ui::applyAuthorReload(m, ready->dir, std::move(ready->load), platform::nowMs());
    };

    const int exitCode = platform::runWindow(model, options, persist);
    // Quitting while a reflection is being typed: nothing typed is lost.
    if (model.reflectionUnsaved && model.session) {
        model.exportRequest.reset(); // the GL context is gone: only the autosave is written now
        model.reflectionUnsaved = false;
        model.autosaveDirty = true;
        persist(model);
    }
    return exitCode;
}
