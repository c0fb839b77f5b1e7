// wpt new: scaffolds a scenario plugin folder that lints clean and plays to an ending for every role,
// so a trainer starts from something that works and changes it one piece at a time.
//
//   wpt new ID [--dir DIR] [--roles class_teacher,social_worker] [--content DIR]
//
// Writes DIR (default ./ID) with plugin.json, scenario.json (three decisions over two stages: cast,
// facts, a flag, a critical action, perspectives for three roles, feedback with guidance, two
// endings with the four debrief prompts) and README.md (what to change, step by step). Never
// overwrites: an existing DIR is refused with exit status 1.
#include <iostream>
#include <string>
#include <vector>

#include "wholepicture/core/case_scaffold.h"
#include "wholepicture/core/knowledge.h"
#include "wholepicture/core/paths.h"
#include "commands.h"
#include "common.h"

namespace {

namespace fs = std::filesystem;

int usageError(const std::string& msg) { return wpt::usageError("new", msg); }

int runNew(const std::vector<std::string>& args) {
    std::string id, dir, rolesArg = "class_teacher,social_worker", content;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& x = args[i];
        if (x == "--dir" || x == "--roles" || x == "--content") {
            if (i + 1 >= args.size()) return usageError(x + " needs a value");
            (x == "--dir" ? dir : x == "--roles" ? rolesArg : content) = args[++i];
            // "--roles dsl, class_teacher": the shell splits at the space; the list goes on after a comma.
            while (x == "--roles" && !rolesArg.empty() && rolesArg.back() == ',' && i + 1 < args.size() &&
                   args[i + 1].rfind("-", 0) != 0)
                rolesArg += args[++i];
        } else if (x.rfind("-", 0) == 0) {
            return usageError("unknown option " + x);
        } else if (id.empty()) {
            id = x;
        } else {
            return usageError("new takes one id (got \"" + id + "\" and \"" + x + "\")");
        }
    }
    if (id.empty()) return usageError("new needs an id, e.g. 'wpt new sam_aged_8'");
    if (std::string problem = wp::caseIdProblem(id); !problem.empty()) return usageError(problem);
    fs::path target = dir.empty() ? fs::path(id) : fs::path(dir);
    wp::Diagnostics kbDiags;
    fs::path contentDir = content.empty() ? wp::findBundled("content") : fs::path(content);
    wp::KnowledgeBase kb = wpt::loadKnowledge(content, kbDiags);
    if (kb.roles.empty()) {
        for (const auto& d : kbDiags) std::cerr << wp::formatDiagnostic(d) << "\n";
        std::cerr << "wpt new: cannot read the knowledge base in " << contentDir.string() << " (give --content DIR)\n";
        return 1;
    }
    std::vector<std::string> roles = wp::splitList(rolesArg, ',', true);
    if (roles.empty()) return usageError("--roles needs at least one role id");
    for (const auto& r : roles)
        if (!kb.role(r)) {
            std::string hint = wp::didYouMean(r, kb.roleIds());
            return usageError("unknown role \"" + r + "\"" + (hint.empty() ? "" : "; did you mean \"" + hint + "\"?") +
                              " The roles are: " + wp::joinList(kb.roleIds()));
        }
    wp::Diagnostics writeDiags;
    if (!wp::createCaseFolder(target, id, roles, kb, contentDir, writeDiags)) {
        for (const auto& d : writeDiags) std::cerr << "wpt new: " << wp::formatDiagnostic(d) << "\n";
        return 1;
    }
    std::cout << "created " << target.string() << "/ (plugin.json, scenario.json, README.md)\n"
              << "next: edit it, then run\n"
              << "  wpt lint " << target.string() << "\n"
              << "  wpt test " << target.string() << "\n"
              << "and play it while you edit (it reloads on every save):\n"
              << "  wholepicture --author " << target.string() << "\n"
              << "(the guide, plugins/README.md, starts at section 1; " << target.string()
              << "/README.md lists what to change)\n";
    return 0;
}

[[maybe_unused]] const bool kRegistered = wpt::registerCommand(
    {"new", "new ID [--dir DIR] [--roles R1,R2,...]",
     "create a small, complete scenario plugin in DIR (default ./ID) to start from; never overwrites", &runNew});

} // namespace
