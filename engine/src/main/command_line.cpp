// The app's command line (command_line.h).
#include "command_line.h"

#include <cstdio>
#include <cstdlib>

#include "wholepicture/core/lists.h"
#include "wholepicture/core/settings.h"

#ifndef WP_VERSION
#define WP_VERSION "0.1.0"
#endif

namespace wp::cli {

namespace {

constexpr int kExitUsage = 2;

const char* const kUsage =
    "Usage: wholepicture [options] [FILE.wpcase]\n"
    "\n"
    "Joint safeguarding training for teachers and social workers: play a real case decision by decision.\n"
    "\n"
    "FILE.wpcase          a case file someone sent you (made by wpt pack or author mode): it is checked,\n"
    "                     then you are asked before it is installed in your plugins folder (and before an\n"
    "                     installed copy is replaced)\n"
    "\n"
    "Options:\n"
    "  --plugins DIR        also load scenario plugins from DIR (repeatable)\n"
    "  --author DIR         author mode: open the plugin folder DIR (broken or not), show its problems\n"
    "                       and reload it whenever a file in it is saved\n"
    "  --ui-scale X         UI scale from 0.75 to 3 (remembered); default: the monitor's scale\n"
    "  --theme dark|light   colour theme (remembered); light is the high-contrast projector theme\n"
    "  --speak              speech on for this run: read aloud the focused control, and the case on\n"
    "                       demand (F2 turns it on and off and remembers; F3-F8 read; F1 lists the keys)\n"
    "  --speech-rate N      speech rate from -100 (slow) to 100 (fast), 0 normal (remembered)\n"
    "  --speech-voice NAME  a voice or language for speech, such as en-gb (remembered)\n"
    "  --size WxH           window size in pixels (default 1600x900)\n"
    "  --plugin ID          open a case (the role screen)\n"
    "  --role ROLE          with --plugin: start playing as ROLE\n"
    "  --choose A,B,...     with --role: choose these option ids in order (narrative nodes are continued);\n"
    "                       @LEVEL places the child at a threshold point first (@early_help, @child_in_need...)\n"
    "                       +FACT enters a fact in a chronology point's chronology, !FACT as a concern\n"
    "                       ?now|?wait|?accept, ?APPROACH, ?escalate|?rest: moves at a challenge point\n"
    "  --procedures ID      the local procedures pack to use (remembered; \"national\" for none)\n"
    "  --screen debrief     after the choices, show the debrief (also: summary)\n"
    "  --screen history     open \"Your records\" (also: glossary, settings)\n"
    "  --screen editor      with --author, open the case editor (--node ID: on that node)\n"
    "  --panel map          on the play screen, open the information-flow map panel\n"
    "  --panel review       with --author, open the author panel's Review tab (review sheet, pack)\n"
    "  --section PART       with --screen debrief: open the debrief at scores, maps, path, history,\n"
    "                       discussion or reflection; a comparison at scores, choices, maps or save\n"
    "  --swap ROLE          with --screen debrief: play the case again as ROLE (role swap), keeping the first run\n"
    "  --swap-choose A,B,.. the second run's choices; a finished second run opens the comparison\n"
    "  --export DIR         with --screen debrief: save the report (HTML), session (JSON) and map (PNG, SVG) in DIR;\n"
    "                       with a comparison open, the comparison (HTML) and both runs' reports\n"
    "  --screenshot FILE    render that state to a PNG and exit (for documentation and tests)\n"
    "  --frames N           frames to render before a screenshot (default 5)\n"
    "  --room ID            start a room (joint session) on case ID (the facilitator console)\n"
    "  --groups LIST        with --room: \"Table 1:class_teacher,Table 2:social_worker,Table 3:mixed\"\n"
    "  --timer SECONDS      with --room: a timer for each vote (default: none)\n"
    "  --room-script STEPS  with --room: comma-separated steps: c (continue), views, view:ROLE, open, 2b (group 2\n"
    "                       votes b), 2@child_in_need (group 2 places the child at a threshold point), reveal,\n"
    "                       revote, path (majority), path:b, undo, warn, pause, projector, debrief\n"
    "  --projector-window   room sessions: the projector view in its own window even with one monitor\n"
    "                       (with two or more monitors it opens on the second one anyway)\n"
    "  --screenshot-projector FILE  with --screenshot and --room: also capture the projector window\n"
    "  --help               show this help\n"
    "  --version            show the version\n"
    "\n"
    "Speech goes through speech-dispatcher, else espeak-ng; everything said is also appended to the file\n"
    "named by $WP_SPEECH_LOG, one line each.\n"
    "\n"
    "Every step of a run and every change in a room session is saved in your records,\n"
    "$XDG_DATA_HOME/wholepicture/records.sqlite3 (read them with `wpt records`; the app offers to resume at\n"
    "start-up). If that database cannot be opened, they are kept as files under $XDG_STATE_HOME/wholepicture/.\n"
    "Settings: $XDG_CONFIG_HOME/wholepicture/settings.json. Nothing leaves this computer unless you export it.\n";

} // namespace

[[noreturn]] void usageError(const std::string& message) {
    std::fprintf(stderr, "wholepicture: %s\nTry 'wholepicture --help'.\n", message.c_str());
    std::exit(kExitUsage);
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
        } else if (arg == "--procedures") {
            cl.procedures = value(i, arg);
        } else if (arg == "--speak") {
            cl.speak = true;
        } else if (arg == "--speech-rate") {
            const std::string v = value(i, arg);
            char* end = nullptr;
            const long rate = std::strtol(v.c_str(), &end, 10);
            if (end == v.c_str() || *end != '\0' || rate < kMinSpeechRate || rate > kMaxSpeechRate)
                usageError("--speech-rate expects a whole number from -100 to 100, got '" + v + "'");
            cl.speechRate = static_cast<int>(rate);
        } else if (arg == "--speech-voice") {
            const std::string v = value(i, arg);
            if (!validSpeechVoice(v)) usageError("--speech-voice expects a voice name such as en-gb, got '" + v + "'");
            cl.speechVoice = v;
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
            if (v == "history" || v == "glossary" || v == "settings") cl.openScreen = v;
            else if (v == "editor") cl.editor = true;
            else if (v == "summary" || v == "debrief") cl.summary = true;
            else usageError("--screen accepts debrief, history (your records), glossary, settings or editor (with --author), got '" + v + "'");
        } else if (arg == "--node") {
            cl.editNode = value(i, arg);
        } else if (arg == "--panel") {
            const std::string v = value(i, arg);
            if (v != "map" && v != "case-file" && v != "review")
                usageError("--panel expects map or case-file (the play screen) or review (author mode), got '" + v +
                           "'");
            cl.showMap = v == "map";
            cl.reviewTab = v == "review";
        } else if (arg == "--section") {
            const std::string v = value(i, arg);
            if (v != "scores" && v != "maps" && v != "path" && v != "history" && v != "discussion" && v != "reflection" &&
                v != "choices" && v != "save")
                usageError("--section expects scores, maps, path, history, discussion, reflection (the debrief), choices or "
                           "save (a comparison), got '" + v + "'");
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
        } else if (!arg.empty() && arg.front() != '-') {
            const std::string ext = ".wpcase";
            if (arg.size() <= ext.size() || arg.compare(arg.size() - ext.size(), ext.size(), ext) != 0)
                usageError(
                    "'" + arg +
                    "' is not a case file: the app opens files ending in .wpcase (a case folder opens with --author)");
            if (!cl.caseFile.empty()) usageError("give one case file at a time");
            cl.caseFile = arg;
        } else {
            usageError("unknown option '" + arg + "'");
        }
    }
    if (!cl.role.empty() && cl.plugin.empty()) usageError("--role needs --plugin");
    if (!cl.choices.empty() && cl.role.empty()) usageError("--choose needs --plugin and --role");
    if (cl.summary && cl.role.empty()) usageError("--screen debrief needs --plugin and --role");
    if ((!cl.groups.empty() || !cl.roomScript.empty() || cl.timer) && cl.room.empty())
        usageError("--groups, --timer and --room-script need --room");
    if (!cl.room.empty() && !cl.plugin.empty()) usageError("--room and --plugin cannot be combined");
    if (!cl.projectorScreenshot.empty() && (cl.screenshot.empty() || cl.room.empty()))
        usageError("--screenshot-projector needs --room and --screenshot");
    if (cl.reviewTab && cl.authorDir.empty()) usageError("--panel review needs --author");
    if (cl.editor && cl.authorDir.empty()) usageError("--screen editor needs --author");
    if (!cl.editNode.empty() && !cl.editor) usageError("--node needs --screen editor");
    if (!cl.exportDir.empty() && !cl.summary) usageError("--export needs --screen debrief");
    if (!cl.swapRole.empty() && !cl.summary) usageError("--swap needs --screen debrief (the swap starts from the debrief)");
    if (!cl.swapChoices.empty() && cl.swapRole.empty()) usageError("--swap-choose needs --swap");
    return cl;
}

std::string availableList(const std::vector<std::string>& items) { return joinList(items, ", ", "(none)"); }

} // namespace wp::cli
