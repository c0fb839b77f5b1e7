// The shared knowledge base in content/: roles, scoring dimensions, guidance editions, glossary.
// Scenarios refer to these by id; the loader and `wpt lint` check the references.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "wholepicture/core/diagnostic.h"

namespace wp {

struct RoleInfo {
    std::string id;
    std::string name;      // "Designated safeguarding lead (DSL)"
    std::string shortName; // "DSL", for chips and narrow columns
    std::string agency;    // school | social_care | health | police | family | voluntary | education | other
    std::string remit;
    std::vector<std::string> duties;
    std::string holds;
    std::vector<std::string> pressures;
    std::string misjudgedAs;
    std::string colour; // "#RRGGBB"
};

struct DimensionBand {
    // Where the band starts on the achievable range for this role and case: the position
    // (score - worst) / (best - worst), 0 at the weakest path's score, 1 at the strongest path's.
    double min = 0;
    std::string label;
    std::string text;
};

struct DimensionInfo {
    std::string id;
    std::string name;
    std::string shortName;
    std::string definition;
    std::vector<std::string> goodPractice;
    std::vector<DimensionBand> bands; // ascending by min
};

struct GuidanceInfo {
    std::string id;
    std::string title;
    std::string edition;
    std::string publisher;
    std::string date;
    std::string status; // statutory | advice | legislation | historical
    std::string summary;
    std::vector<std::string> keyPoints;
};

struct GlossaryTerm {
    std::string id;
    std::string term;
    std::string definition;
    std::vector<std::string> seeAlso;
};

struct KnowledgeBase {
    std::filesystem::path dir; // the folder it was read from (content/); its schema/ holds the format's JSON Schemas
    std::vector<RoleInfo> roles;
    std::vector<DimensionInfo> dimensions;
    std::vector<GuidanceInfo> guidance;
    std::vector<GlossaryTerm> glossary;

    [[nodiscard]] const RoleInfo* role(const std::string& id) const;
    [[nodiscard]] const DimensionInfo* dimension(const std::string& id) const;
    [[nodiscard]] const GuidanceInfo* guidanceRef(const std::string& id) const;
    [[nodiscard]] const GlossaryTerm* term(const std::string& id) const;
    [[nodiscard]] std::vector<std::string> roleIds() const;
    [[nodiscard]] std::vector<std::string> dimensionIds() const;
    [[nodiscard]] std::vector<std::string> guidanceIds() const;
    // Display name for a role id, falling back to the id itself for unknown roles.
    [[nodiscard]] std::string roleName(const std::string& id) const;
    [[nodiscard]] std::string roleShort(const std::string& id) const;
};

// Loads roles.json, dimensions.json, guidance.json and glossary.json from `dir`. Missing or broken
// files produce diagnostics; whatever loaded is still returned.
[[nodiscard]] KnowledgeBase loadKnowledgeBase(const std::filesystem::path& dir, Diagnostics& diags);

// "Working Together to Safeguard Children 2023": the edition named once, however the title is written.
[[nodiscard]] std::string displayTitle(const GuidanceInfo& g);

// The band for a position on the worst-to-best range, (score - worst) / (best - worst) (clamped to
// [0,1]; see DimensionBand::min); nullptr if no bands. Not "score / best": the best can be 0 and
// scores can be negative, so only the range between both bounds means the same on every case.
[[nodiscard]] const DimensionBand* bandFor(const DimensionInfo& dim, double fraction);

} // namespace wp
