#include "wholepicture/core/knowledge.h"

#include <algorithm>

#include "json_reader.h"

namespace wp {
namespace {

template <class T>
const T* findById(const std::vector<T>& items, const std::string& id) {
    for (const auto& item : items)
        if (item.id == id) return &item;
    return nullptr;
}

template <class T>
std::vector<std::string> idsOf(const std::vector<T>& items) {
    std::vector<std::string> out;
    out.reserve(items.size());
    for (const auto& item : items) out.push_back(item.id);
    return out;
}

// Calls `each(reader, element, pointer)` for every object in the top-level list `key` of `file`.
template <class Fn>
void forEachEntry(const std::filesystem::path& path, const char* key, Diagnostics& diags, Fn each) {
    auto file = loadJsonFile(path, diags);
    if (!file) return;
    detail::JsonReader r(*file, diags);
    if (!r.expectObject(file->value, "", "the knowledge base file")) return;
    const nlohmann::json* list = r.array(file->value, "", key, true);
    if (!list) return;
    for (size_t i = 0; i < list->size(); ++i) {
        std::string ptr = std::string("/") + key + "/" + std::to_string(i);
        if (!r.expectObject((*list)[i], ptr, "an entry")) continue;
        each(r, (*list)[i], ptr);
    }
}

} // namespace

const RoleInfo* KnowledgeBase::role(const std::string& id) const { return findById(roles, id); }
const DimensionInfo* KnowledgeBase::dimension(const std::string& id) const { return findById(dimensions, id); }
const GuidanceInfo* KnowledgeBase::guidanceRef(const std::string& id) const { return findById(guidance, id); }
const GlossaryTerm* KnowledgeBase::term(const std::string& id) const { return findById(glossary, id); }
std::vector<std::string> KnowledgeBase::roleIds() const { return idsOf(roles); }
std::vector<std::string> KnowledgeBase::dimensionIds() const { return idsOf(dimensions); }
std::vector<std::string> KnowledgeBase::guidanceIds() const { return idsOf(guidance); }

std::string KnowledgeBase::roleName(const std::string& id) const {
    const RoleInfo* r = role(id);
    return r ? r->name : id;
}
std::string KnowledgeBase::roleShort(const std::string& id) const {
    const RoleInfo* r = role(id);
    return r ? (r->shortName.empty() ? r->name : r->shortName) : id;
}

KnowledgeBase loadKnowledgeBase(const std::filesystem::path& dir, Diagnostics& diags) {
    KnowledgeBase kb;
    kb.dir = dir;
    forEachEntry(dir / "roles.json", "roles", diags, [&](detail::JsonReader& r, const nlohmann::json& e, const std::string& p) {
        RoleInfo x;
        x.id = r.str(e, p, "id");
        x.name = r.str(e, p, "name");
        x.shortName = r.str(e, p, "short", false);
        x.agency = r.str(e, p, "agency", false);
        x.remit = r.str(e, p, "remit", false);
        x.duties = r.strings(e, p, "duties");
        x.holds = r.str(e, p, "holds", false);
        x.pressures = r.strings(e, p, "pressures");
        x.misjudgedAs = r.str(e, p, "misjudged_as", false);
        x.colour = r.str(e, p, "colour", false);
        if (!x.id.empty()) kb.roles.push_back(std::move(x));
    });
    forEachEntry(dir / "dimensions.json", "dimensions", diags,
                 [&](detail::JsonReader& r, const nlohmann::json& e, const std::string& p) {
                     DimensionInfo x;
                     x.id = r.str(e, p, "id");
                     x.name = r.str(e, p, "name");
                     x.shortName = r.str(e, p, "short", false);
                     x.definition = r.str(e, p, "definition", false);
                     x.goodPractice = r.strings(e, p, "good_practice");
                     if (const nlohmann::json* bands = r.array(e, p, "bands", false)) {
                         for (size_t i = 0; i < bands->size(); ++i) {
                             std::string bp = p + "/bands/" + std::to_string(i);
                             if (!r.expectObject((*bands)[i], bp, "a band")) continue;
                             DimensionBand b;
                             b.min = r.number((*bands)[i], bp, "min", true, 0.0);
                             b.label = r.str((*bands)[i], bp, "label");
                             b.text = r.str((*bands)[i], bp, "text", false);
                             x.bands.push_back(std::move(b));
                         }
                         std::sort(x.bands.begin(), x.bands.end(),
                                   [](const DimensionBand& a, const DimensionBand& b) { return a.min < b.min; });
                     }
                     if (!x.id.empty()) kb.dimensions.push_back(std::move(x));
                 });
    forEachEntry(dir / "guidance.json", "guidance", diags,
                 [&](detail::JsonReader& r, const nlohmann::json& e, const std::string& p) {
                     GuidanceInfo x;
                     x.id = r.str(e, p, "id");
                     x.title = r.str(e, p, "title");
                     x.edition = r.str(e, p, "edition");
                     x.publisher = r.str(e, p, "publisher", false);
                     x.date = r.str(e, p, "date", false);
                     x.status = r.str(e, p, "status", false);
                     x.summary = r.str(e, p, "summary", false);
                     x.keyPoints = r.strings(e, p, "key_points");
                     if (!x.id.empty()) kb.guidance.push_back(std::move(x));
                 });
    forEachEntry(dir / "glossary.json", "terms", diags,
                 [&](detail::JsonReader& r, const nlohmann::json& e, const std::string& p) {
                     GlossaryTerm x;
                     x.id = r.str(e, p, "id");
                     x.term = r.str(e, p, "term");
                     x.definition = r.str(e, p, "definition");
                     x.seeAlso = r.strings(e, p, "see_also");
                     if (!x.id.empty()) kb.glossary.push_back(std::move(x));
                 });
    return kb;
}

std::string displayTitle(const GuidanceInfo& g) {
    return g.edition.empty() || g.title.find(g.edition) != std::string::npos ? g.title : g.title + " (" + g.edition + ")";
}

const DimensionBand* bandFor(const DimensionInfo& dim, double fraction) {
    fraction = std::clamp(fraction, 0.0, 1.0);
    const DimensionBand* found = dim.bands.empty() ? nullptr : &dim.bands.front();
    for (const auto& b : dim.bands)
        if (fraction + 1e-9 >= b.min) found = &b;
    return found;
}

} // namespace wp
