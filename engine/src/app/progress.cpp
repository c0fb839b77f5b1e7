#include "wholepicture/app/progress.h"

#include <algorithm>

namespace wp::app {

Progress progressOf(const std::vector<RunSummary>& runs) {
    Progress p;
    for (auto it = runs.rbegin(); it != runs.rend(); ++it) {
        const RunRecord& r = it->run;
        p.started.insert({r.pluginId, r.role});
        if (!r.finished || r.overallFraction < 0) continue;
        p.finished.push_back(&*it);
        auto& best = p.best[{r.pluginId, r.role}];
        if (!best || r.overallFraction > best->run.overallFraction) best = &*it;
    }
    std::map<std::string, size_t> index;
    for (size_t i = 0; i < p.finished.size(); ++i) {
        for (const auto& d : p.finished[i]->run.dimensions) {
            auto [at, fresh] = index.emplace(d.id, p.trends.size());
            if (fresh) p.trends.push_back({d.id, d.name, {}, 0});
            p.trends[at->second].points.emplace_back(static_cast<int>(i), d.fraction);
        }
    }
    for (auto& t : p.trends) {
        for (const auto& [i, f] : t.points) t.mean += f;
        t.mean /= static_cast<double>(std::max<size_t>(1, t.points.size()));
        if (!p.strongest || t.mean > p.strongest->mean) p.strongest = &t;
        if (!p.weakest || t.mean < p.weakest->mean) p.weakest = &t;
    }
    return p;
}

} // namespace wp::app
