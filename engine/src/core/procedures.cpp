#include "wholepicture/core/procedures.h"

#include <algorithm>

#include "json_reader.h"
#include "wholepicture/core/loader.h"

namespace wp {

using detail::JsonReader;
using nlohmann::json;

namespace {

// A plain id, as a scenario plugin's: letters, digits, '_' and '-' (it names a folder and a setting).
bool plainId(const std::string& id) {
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}

void readManifest(JsonReader& r, const json& v, ProceduresPack& pack) {
    if (!r.expectObject(v, "", "plugin.json")) return;
    r.knownKeys(v, "", {"id", "name", "version", "kind", "format_version", "entry", "summary", "invented", "source"},
                "a local procedures pack's plugin.json");
    pack.id = r.text(v, "", "id");
    if (!pack.id.empty() && !plainId(pack.id))
        r.error("/id", "\"" + pack.id.substr(0, 64) + "\" is not a plain id: use lower-case letters, digits, '_' and '-'");
    pack.name = r.text(v, "", "name");
    pack.version = r.str(v, "", "version", false);
    pack.summary = r.str(v, "", "summary", false);
    pack.invented = r.boolean(v, "", "invented", false);
    const std::string kind = r.text(v, "", "kind");
    if (!kind.empty() && kind != kProceduresKind)
        r.error("/kind", "a local procedures pack has \"kind\": \"" + std::string(kProceduresKind) + "\", not \"" + kind + "\"");
    if (r.integer(v, "", "format_version", true, 1) != 1)
        r.error("/format_version", "this version of Whole Picture reads local procedures packs of format_version 1");
}

void readProcedures(JsonReader& r, const json& v, const KnowledgeBase& kb, ProceduresPack& pack) {
    if (!r.expectObject(v, "", "procedures.json")) return;
    r.knownKeys(v, "", {"area", "partnership", "threshold", "front_door", "escalation", "contacts", "guidance"},
                "procedures.json");
    pack.area = r.text(v, "", "area");
    pack.partnership = r.str(v, "", "partnership", false);
    pack.frontDoor = r.str(v, "", "front_door", false);
    pack.scale = nationalThresholdScale();
    if (const json* t = r.object(v, "", "threshold", true)) {
        r.knownKeys(*t, "/threshold", {"document", "levels"}, "\"threshold\"");
        pack.scale.document = r.text(*t, "/threshold", "document");
        if (const json* levels = r.object(*t, "/threshold", "levels", false)) {
            for (auto it = levels->begin(); it != levels->end(); ++it) {
                const std::string p = "/threshold/levels/" + pointerToken(it.key());
                if (r.noteKey(it.key(), it.value(), "/threshold/levels")) continue;
                const auto level = thresholdLevelFromId(it.key());
                if (!level) {
                    std::vector<std::string> ids;
                    for (int i = 0; i < kThresholdLevelCount; ++i) ids.push_back(thresholdLevelId(static_cast<ThresholdLevel>(i)));
                    const std::string hint = didYouMean(it.key(), ids);
                    r.error(p, "\"" + it.key() + "\" is not a threshold level" +
                                   (hint.empty() ? "" : "; did you mean \"" + hint + "\"?") +
                                   " The levels are universal, early_help, child_in_need and child_protection");
                    continue;
                }
                if (!r.expectObject(it.value(), p, "a level")) continue;
                r.knownKeys(it.value(), p, {"name", "short", "meaning"}, "a level");
                const size_t i = static_cast<size_t>(*level);
                pack.scale.names[i] = r.text(it.value(), p, "name");
                const std::string shortName = r.str(it.value(), p, "short", false);
                pack.scale.shortNames[i] = shortName.empty() ? pack.scale.names[i] : shortName;
                const std::string meaning = r.str(it.value(), p, "meaning", false);
                if (!meaning.empty()) pack.scale.meanings[i] = meaning;
            }
        }
    }
    if (const json* steps = r.array(v, "", "escalation", false)) {
        for (size_t i = 0; i < steps->size(); ++i) {
            const std::string p = "/escalation/" + std::to_string(i);
            if (!r.expectObject((*steps)[i], p, "an escalation step")) continue;
            r.knownKeys((*steps)[i], p, {"who", "how", "within"}, "an escalation step");
            pack.escalation.push_back({r.text((*steps)[i], p, "who"), r.text((*steps)[i], p, "how"),
                                       r.str((*steps)[i], p, "within", false)});
        }
        if (steps->empty()) r.error("/escalation", "\"escalation\" is an empty list: give the steps, or leave it out");
    }
    const std::vector<std::string> roles = kb.roleIds();
    if (const json* contacts = r.array(v, "", "contacts", false)) {
        for (size_t i = 0; i < contacts->size(); ++i) {
            const std::string p = "/contacts/" + std::to_string(i);
            if (!r.expectObject((*contacts)[i], p, "a contact")) continue;
            r.knownKeys((*contacts)[i], p, {"role", "who", "how"}, "a contact");
            LocalContact c{r.text((*contacts)[i], p, "role"), r.text((*contacts)[i], p, "who"),
                           r.str((*contacts)[i], p, "how", false)};
            if (!c.role.empty() && std::find(roles.begin(), roles.end(), c.role) == roles.end()) {
                const std::string hint = didYouMean(c.role, roles);
                r.error(p + "/role", "unknown role \"" + c.role + "\"" + (hint.empty() ? "" : "; did you mean \"" + hint + "\"?") +
                                         " (the roles are in content/roles.json)");
            }
            pack.contacts.push_back(std::move(c));
        }
    }
    if (const json* g = r.object(v, "", "guidance", false)) {
        for (auto it = g->begin(); it != g->end(); ++it) {
            if (r.noteKey(it.key(), it.value(), "/guidance")) continue;
            const std::string p = "/guidance/" + pointerToken(it.key());
            if (!kb.guidanceRef(it.key())) {
                r.error(p, "unknown guidance \"" + it.key() + "\": use an id from content/guidance.json (such as wt_2023)");
                continue;
            }
            if (!it.value().is_string() || it.value().get<std::string>().empty()) {
                r.error(p, "how the guidance reads locally must be a text");
                continue;
            }
            pack.guidance[it.key()] = it.value().get<std::string>();
        }
    }
}

} // namespace

bool isProceduresPackFolder(const std::filesystem::path& dir) {
    Diagnostics quiet;
    auto text = readFileInFolder(dir, "plugin.json", quiet, {}, 64 * 1024);
    if (!text) return false;
    auto j = json::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) return false;
    auto kind = j.find("kind");
    return kind != j.end() && kind->is_string() && kind->get<std::string>() == kProceduresKind;
}

ProceduresPack parseProceduresPack(const JsonFile& manifest, const JsonFile& procedures, const KnowledgeBase& kb) {
    ProceduresPack pack;
    {
        JsonReader r(manifest, pack.diagnostics);
        readManifest(r, manifest.value, pack);
    }
    JsonReader r(procedures, pack.diagnostics);
    readProcedures(r, procedures.value, kb, pack);
    return pack;
}

ProceduresPack loadProceduresPack(const std::filesystem::path& dir, const KnowledgeBase& kb) {
    ProceduresPack pack;
    pack.dir = dir;
    auto manifest = loadJsonFileInFolder(dir, "plugin.json", pack.diagnostics, (dir / "plugin.json").string());
    if (!manifest) return pack;
    std::string entry = "procedures.json";
    if (manifest->value.is_object() && manifest->value.contains("entry") && manifest->value["entry"].is_array() &&
        manifest->value["entry"].size() == 1 && manifest->value["entry"][0].is_string())
        entry = manifest->value["entry"][0].get<std::string>();
    if (std::string problem = relativePathProblem(entry); !problem.empty()) {
        pack.diagnostics.push_back(manifest->at(Severity::Error, "/entry/0", "entry \"" + entry + "\" " + problem));
        return pack;
    }
    auto procedures = loadJsonFileInFolder(dir, entry, pack.diagnostics, (dir / entry).string());
    if (!procedures) return pack;
    ProceduresPack parsed = parseProceduresPack(*manifest, *procedures, kb);
    parsed.dir = dir;
    for (auto& d : pack.diagnostics) parsed.diagnostics.insert(parsed.diagnostics.begin(), std::move(d));
    return parsed;
}

std::vector<ProceduresPack> discoverProceduresPacks(const std::vector<SearchDir>& dirs, const KnowledgeBase& kb) {
    std::vector<ProceduresPack> out;
    for (const auto& sd : dirs) {
        std::error_code ec;
        if (!std::filesystem::is_directory(sd.path, ec)) continue;
        std::vector<std::filesystem::path> folders;
        if (isProceduresPackFolder(sd.path)) folders.push_back(sd.path);
        else
            for (std::filesystem::directory_iterator it(sd.path, ec), end; !ec && it != end; it.increment(ec)) {
                std::error_code entryEc;
                if (it->is_directory(entryEc) && isProceduresPackFolder(it->path())) folders.push_back(it->path());
            }
        std::sort(folders.begin(), folders.end());
        for (const auto& f : folders) {
            ProceduresPack pack = loadProceduresPack(f, kb);
            if (findPack(out, pack.id)) continue; // an earlier folder in the search path wins
            out.push_back(std::move(pack));
        }
    }
    return out;
}

const ThresholdScale& scaleOf(const ProceduresPack* pack) { return pack ? pack->scale : nationalThresholdScale(); }

std::string localReading(const ProceduresPack* pack, const std::string& guidanceId) {
    if (!pack) return {};
    auto it = pack->guidance.find(guidanceId);
    return it == pack->guidance.end() ? std::string() : "Locally (" + pack->area + "): " + it->second;
}

const ProceduresPack* findPack(const std::vector<ProceduresPack>& packs, const std::string& id) {
    for (const auto& p : packs)
        if (p.id == id && p.usable()) return &p;
    return nullptr;
}

} // namespace wp
