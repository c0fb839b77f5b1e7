// The saved debrief report: one self-contained HTML file (inline CSS and SVG, no scripts, no external
// resources) that reads on screen and prints cleanly on A4.
#pragma once
#include <string>

#include "wholepicture/core/debrief.h"
#include "wholepicture/core/knowledge.h"
#include "wholepicture/core/scenario.h"

namespace wp {

[[nodiscard]] std::string debriefToHtml(const Debrief& d, const Scenario& s, const PluginManifest& m,
                                        const KnowledgeBase& kb);

// "12 March 2026" (UTC) for milliseconds since the epoch; "" for 0.
[[nodiscard]] std::string formatReportDate(std::int64_t ms);
// The stylesheet every exported HTML report starts with (A4 page, type, headings, warning box, tables);
// each report adds its own rules after it.
[[nodiscard]] const char* reportBaseCss();

} // namespace wp
