#include "wholepicture/core/diagnostic.h"

#include <algorithm>

namespace wp {

const char* severityName(Severity s) {
    switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
    }
    return "error";
}

std::string formatDiagnostic(const Diagnostic& d) {
    std::string out = d.file.empty() ? std::string("<input>") : d.file;
    if (d.line > 0) {
        out += ":" + std::to_string(d.line);
        if (d.column > 0) out += ":" + std::to_string(d.column);
    }
    out += ": ";
    out += severityName(d.severity);
    out += ": ";
    out += d.message;
    if (!d.pointer.empty()) out += " (" + d.pointer + ")";
    return out;
}

bool hasErrors(const Diagnostics& diags) {
    return std::any_of(diags.begin(), diags.end(), [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

size_t countSeverity(const Diagnostics& diags, Severity s) {
    return static_cast<size_t>(
        std::count_if(diags.begin(), diags.end(), [s](const Diagnostic& d) { return d.severity == s; }));
}

static size_t editDistance(const std::string& a, const std::string& b) {
    std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t subst = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, subst});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::string didYouMean(const std::string& wanted, const std::vector<std::string>& candidates) {
    std::string best;
    size_t bestDistance = std::max<size_t>(2, wanted.size() / 3) + 1;
    for (const auto& c : candidates) {
        size_t d = editDistance(wanted, c);
        // A candidate that contains the wanted text (or vice versa) is a near miss too: "teacher" -> "class_teacher".
        if (d >= bestDistance && wanted.size() >= 3 &&
            (c.find(wanted) != std::string::npos || wanted.find(c) != std::string::npos))
            d = bestDistance - 1;
        if (d < bestDistance) {
            bestDistance = d;
            best = c;
        }
    }
    return best;
}

} // namespace wp
