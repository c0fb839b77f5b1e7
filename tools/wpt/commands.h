// wpt subcommands beyond lint and play register themselves here, one file per command
// (tools/wpt/cmd_<name>.cpp):
//
//   static const bool kRegistered = wpt::registerCommand({"graph", "usage line", "one-line summary", &runGraph});
//
// `run` receives the arguments after the command name and returns the process exit code
// (0 ok, 1 failure found, 2 usage error).
#pragma once
#include <string>
#include <vector>

namespace wpt {

struct Command {
    const char* name;
    const char* usage;   // e.g. "graph PLUGIN_DIR [--format dot|svg] [-o FILE]"
    const char* summary; // one line for `wpt --help`
    int (*run)(const std::vector<std::string>& args);
    // The command prints its own, fuller help for -h/--help (its verbs and options); otherwise wpt
    // prints the usage line and summary above.
    bool ownHelp = false;
};

bool registerCommand(const Command& command);
[[nodiscard]] const std::vector<Command>& registeredCommands();

} // namespace wpt
