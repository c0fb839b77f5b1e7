// Review without JSON (strings_table.h): reader texts out to a CSV and edited texts back into the JSON
// files by position, so only the edited string tokens change.
#include "wholepicture/core/strings_table.h"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "wholepicture/core/json_file.h"

namespace wp {
namespace {

using nlohmann::json;

constexpr const char* kUtf8Bom = "\xEF\xBB\xBF";

// The JSON files a reader's texts come from, as read from the plugin folder.
struct TextFile {
    std::string relative; // "plugin.json", "scenario.json"
    JsonFile json;
};

struct TextCollector {
    std::string file;
    std::vector<ReaderText>& out;

    void add(const std::string& pointer, const std::string& node, const std::string& role, const std::string& field,
             const json& v) {
        if (v.is_string() && !v.get_ref<const std::string&>().empty())
            out.push_back({file, pointer, node, role, field, v.get<std::string>()});
    }
    void field(const json& obj, const std::string& ptr, const char* key, const std::string& node,
               const std::string& role, const std::string& label) {
        if (!obj.is_object()) return;
        auto it = obj.find(key);
        if (it != obj.end()) add(ptr + "/" + key, node, role, label, *it);
    }
    // A text that is a string or an object of per-role texts ({"default": ..., "dsl": ...}).
    void roleText(const json& obj, const std::string& ptr, const char* key, const std::string& node,
                  const std::string& label) {
        if (!obj.is_object()) return;
        auto it = obj.find(key);
        if (it == obj.end()) return;
        std::string p = ptr + "/" + key;
        if (it->is_string()) return add(p, node, "", label, *it);
        if (!it->is_object()) return;
        for (auto r = it->begin(); r != it->end(); ++r) {
            if (r.key() == "_comment" || r.key() == "$schema") continue; // notes for authors, never shown
            bool fallback = r.key() == "default";
            add(p + "/" + pointerToken(r.key()), node, fallback ? "" : r.key(), fallback ? label + " (default)" : label,
                r.value());
        }
    }
    // Every element of an array of strings, or the `key` of every element of an array of objects.
    template <typename Each>
    void each(const json& obj, const std::string& ptr, const char* key, Each&& fn) {
        if (!obj.is_object()) return;
        auto it = obj.find(key);
        if (it == obj.end() || !it->is_array()) return;
        for (size_t i = 0; i < it->size(); ++i) fn((*it)[i], ptr + "/" + key + "/" + std::to_string(i));
    }
    void linkNotes(const json& obj, const std::string& ptr, const char* key, const std::string& node) {
        each(obj, ptr, key, [&](const json& link, const std::string& lp) {
            std::string label = "map link note";
            if (link.is_object() && link.value("from", json()).is_string() && link.value("to", json()).is_string())
                label += " (" + link["from"].get<std::string>() + " to " + link["to"].get<std::string>() + ")";
            field(link, lp, "note", node, "", label);
        });
    }
};

std::string idOf(const json& v) {
    if (v.is_object()) {
        auto it = v.find("id");
        if (it != v.end() && it->is_string()) return it->get<std::string>();
    }
    return "";
}

std::string joinRoles(const json& v) {
    std::string out;
    if (!v.is_object() || !v.contains("roles") || !v["roles"].is_array()) return out;
    for (const auto& r : v["roles"])
        if (r.is_string()) out += (out.empty() ? "" : " ") + r.get<std::string>();
    return out;
}

void collectManifest(const TextFile& f, std::vector<ReaderText>& out) {
    TextCollector c{f.relative, out};
    const json& v = f.json.value;
    c.field(v, "", "name", "", "", "case name");
    c.field(v, "", "summary", "", "", "description");
    c.each(v, "", "content_warnings",
           [&](const json& w, const std::string& p) { c.add(p, "", "", "content warning", w); });
    c.field(v, "", "source", "", "", "source");
}

void collectOption(TextCollector& c, const json& o, const std::string& p, const std::string& node) {
    std::string id = idOf(o), roles = joinRoles(o);
    c.field(o, p, "text", node, roles, "option " + id);
    if (!o.is_object() || !o.contains("feedback")) return;
    const json& fb = o["feedback"];
    std::string fp = p + "/feedback";
    c.field(fb, fp, "outcome", node, roles, "option " + id + " feedback");
    if (fb.is_object() && fb.contains("views") && fb["views"].is_object())
        for (auto it = fb["views"].begin(); it != fb["views"].end(); ++it)
            if (it.key() != "_comment" && it.key() != "$schema")
                c.add(fp + "/views/" + pointerToken(it.key()), node, it.key(), "option " + id + " view", it.value());
    c.each(fb, fp, "guidance", [&](const json& g, const std::string& gp) {
        c.field(g, gp, "section", node, roles, "option " + id + " guidance section");
    });
    if (o.contains("effects")) c.linkNotes(o["effects"], p + "/effects", "links", node);
}

void collectNode(TextCollector& c, const json& n, const std::string& p) {
    std::string node = idOf(n);
    c.field(n, p, "title", node, "", "title");
    c.roleText(n, p, "text", node, "text");
    c.roleText(n, p, "situation", node, "situation");
    c.roleText(n, p, "question", node, "question");
    c.each(n, p, "perspectives", [&](const json& e, const std::string& pp) {
        std::string role = e.is_object() && e.value("role", json()).is_string() ? e["role"].get<std::string>() : "";
        for (const char* part : {"knows", "thinks", "pressures"})
            c.field(e, pp, part, node, role, std::string("perspective: ") + part);
    });
    if (n.is_object() && n.contains("threshold"))
        c.field(n["threshold"], p + "/threshold", "why", node, "", "threshold: why");
    if (n.is_object() && n.contains("chronology"))
        c.field(n["chronology"], p + "/chronology", "why", node, "", "chronology: why");
    if (n.is_object() && n.contains("challenge")) {
        const json& ch = n["challenge"];
        const std::string cp = p + "/challenge";
        for (const char* part : {"decision", "reply", "outcome", "why"})
            c.field(ch, cp, part, node, "", std::string("challenge: ") + part);
        c.each(ch, cp, "approaches", [&](const json& a, const std::string& ap) {
            c.field(a, ap, "text", node, "", "challenge approach " + idOf(a));
            c.field(a, ap, "feedback", node, "", "challenge approach " + idOf(a) + " feedback");
        });
        c.each(ch, cp, "escalation", [&](const json& e, const std::string& ep) {
            for (const char* part : {"who", "how", "within"})
                c.field(e, ep, part, node, "", std::string("challenge escalation: ") + part);
        });
    }
    c.each(n, p, "options", [&](const json& o, const std::string& op) { collectOption(c, o, op, node); });
    c.field(n, p, "what_happened", node, "", "what happened");
    c.each(n, p, "proposals", [&](const json& x, const std::string& xp) { c.add(xp, node, "", "proposal", x); });
    c.each(n, p, "prompts",
           [&](const json& x, const std::string& xp) { c.field(x, xp, "text", node, "", "discussion prompt"); });
}

void collectScenario(const TextFile& f, std::vector<ReaderText>& out) {
    TextCollector c{f.relative, out};
    const json& v = f.json.value;
    c.field(v, "", "title", "", "", "title");
    if (v.is_object() && v.contains("child")) {
        c.field(v["child"], "/child", "name", "", "", "child's name");
        c.field(v["child"], "/child", "summary", "", "", "child summary");
    }
    c.field(v, "", "case_summary", "", "", "case summary");
    if (v.is_object() && v.contains("role_labels") && v["role_labels"].is_object())
        for (auto it = v["role_labels"].begin(); it != v["role_labels"].end(); ++it)
            if (it.key() != "_comment" && it.key() != "$schema")
                c.add("/role_labels/" + pointerToken(it.key()), "", it.key(), "role label", it.value());
    c.each(v, "", "cast", [&](const json& m, const std::string& p) {
        c.field(m, p, "name", "", "", "cast " + idOf(m) + ": name");
        c.field(m, p, "description", "", "", "cast " + idOf(m) + ": description");
    });
    c.each(v, "", "stages", [&](const json& s, const std::string& p) {
        c.field(s, p, "title", "", "", "stage " + idOf(s) + ": title");
        c.field(s, p, "date", "", "", "stage " + idOf(s) + ": date");
    });
    c.each(v, "", "facts",
           [&](const json& x, const std::string& p) {
               c.field(x, p, "text", "", "", "fact " + idOf(x));
               c.field(x, p, "date", "", "", "fact " + idOf(x) + ": date");
           });
    c.each(v, "", "critical_actions", [&](const json& x, const std::string& p) {
        c.field(x, p, "text", "", joinRoles(x), "critical action " + idOf(x));
    });
    c.linkNotes(v, "", "initial_map", "");
    if (v.is_object() && v.contains("historical_map")) {
        c.field(v["historical_map"], "/historical_map", "note", "", "", "real case map note");
        c.linkNotes(v["historical_map"], "/historical_map", "links", "");
    }
    c.each(v, "", "nodes", [&](const json& n, const std::string& p) { collectNode(c, n, p); });
}

// plugin.json and the scenario file it names, parsed with positions.
std::optional<std::vector<TextFile>> loadTextFiles(const std::filesystem::path& dir, Diagnostics& diags) {
    std::vector<TextFile> files;
    auto manifest = loadJsonFileInFolder(dir, "plugin.json", diags, (dir / "plugin.json").string());
    if (!manifest) return std::nullopt;
    const json& entry = manifest->value.is_object() ? manifest->value.value("entry", json()) : json();
    if (!entry.is_array() || entry.size() != 1 || !entry[0].is_string()) {
        diags.push_back(manifest->at(Severity::Error, "/entry",
                                     "\"entry\" must name the one scenario file, e.g. [\"scenario.json\"]; fix "
                                     "plugin.json (wpt lint says more)"));
        return std::nullopt;
    }
    std::string relative = entry[0].get<std::string>();
    if (std::string problem = relativePathProblem(relative); !problem.empty()) {
        diags.push_back(manifest->at(Severity::Error, "/entry/0", "entry \"" + relative + "\" " + problem));
        return std::nullopt;
    }
    auto scenario = loadJsonFileInFolder(dir, relative, diags, (dir / relative).string());
    if (!scenario) return std::nullopt;
    files.push_back({"plugin.json", std::move(*manifest)});
    files.push_back({relative, std::move(*scenario)});
    return files;
}

std::vector<ReaderText> collectFrom(const std::vector<TextFile>& files) {
    std::vector<ReaderText> out;
    collectManifest(files[0], out);
    collectScenario(files[1], out);
    return out;
}

// Finds the byte range of every string value by scanning the (already validated) JSON text.
class TokenScanner {
public:
    explicit TokenScanner(const std::string& text) : m_text(text) {
        if (m_text.compare(0, 3, kUtf8Bom) == 0) m_at = 3;
    }
    std::vector<StringToken> run() {
        value("", 0);
        return std::move(m_out);
    }

private:
    const std::string& m_text;
    size_t m_at = 0;
    std::vector<StringToken> m_out;

    bool more() const { return m_at < m_text.size(); }
    void space() {
        while (more() && (m_text[m_at] == ' ' || m_text[m_at] == '\t' || m_text[m_at] == '\n' || m_text[m_at] == '\r'))
            ++m_at;
    }
    void skipString() { // at the opening quote; stops after the closing one
        ++m_at;
        while (more()) {
            char c = m_text[m_at];
            if (c == '\\')
                m_at += 2;
            else if (c == '"') {
                ++m_at;
                return;
            } else
                ++m_at;
        }
    }
    std::string key() {
        size_t begin = m_at;
        skipString();
        json k = json::parse(m_text.substr(begin, m_at - begin), nullptr, false);
        return k.is_string() ? k.get<std::string>() : std::string();
    }
    // Returns false on anything unexpected (the text was validated before, so that means stop).
    bool value(const std::string& ptr, int depth) {
        space();
        if (!more() || depth > 2 * kMaxJsonDepth) return false;
        char c = m_text[m_at];
        if (c == '"') {
            size_t begin = m_at;
            skipString();
            m_out.push_back({ptr, begin, m_at});
            return true;
        }
        if (c == '{' || c == '[') {
            const bool object = c == '{';
            const char close = object ? '}' : ']';
            ++m_at;
            space();
            if (more() && m_text[m_at] == close) {
                ++m_at;
                return true;
            }
            for (size_t index = 0;; ++index) {
                space();
                std::string child = ptr + "/" + std::to_string(index);
                if (object) {
                    if (!more() || m_text[m_at] != '"') return false;
                    child = ptr + "/" + pointerToken(key());
                    space();
                    if (!more() || m_text[m_at] != ':') return false;
                    ++m_at;
                }
                if (!value(child, depth + 1)) return false;
                space();
                if (!more()) return false;
                if (m_text[m_at] == ',') {
                    ++m_at;
                    continue;
                }
                if (m_text[m_at] != close) return false;
                ++m_at;
                return true;
            }
        }
        size_t begin = m_at; // number, true, false, null
        while (more() && m_text[m_at] != ',' && m_text[m_at] != '}' && m_text[m_at] != ']' && m_text[m_at] != ' ' &&
               m_text[m_at] != '\n' && m_text[m_at] != '\r' && m_text[m_at] != '\t')
            ++m_at;
        return m_at > begin;
    }
};

// Spreadsheets may save a line break inside a cell as CRLF; the case's texts use LF.
std::string withLf(std::string s) {
    size_t w = 0;
    for (size_t r = 0; r < s.size(); ++r) {
        if (s[r] == '\r' && r + 1 < s.size() && s[r + 1] == '\n') continue;
        s[w++] = s[r];
    }
    s.resize(w);
    return s;
}

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

std::string trimmed(const std::string& s) {
    size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// A text shortened for a message.
std::string excerpt(const std::string& s) {
    std::string one = s.size() > 70 ? s.substr(0, 67) + "..." : s;
    for (char& c : one)
        if (c == '\n' || c == '\r') c = ' ';
    return "\"" + one + "\"";
}

} // namespace

std::optional<std::vector<ReaderText>> collectReaderTexts(const std::filesystem::path& pluginDir, Diagnostics& diags) {
    auto files = loadTextFiles(pluginDir, diags);
    if (!files) return std::nullopt;
    return collectFrom(*files);
}

std::string readerTextsToCsv(const std::vector<ReaderText>& texts) {
    std::string out = kUtf8Bom;
    out += "id,node,role,field,source,text\r\n";
    for (const auto& t : texts) {
        // "text" starts as a copy of "source": the reviewer edits it, and the import compares the two.
        for (const std::string& value : {t.locator(), t.node, t.role, t.field, t.text}) out += csvField(value) + ",";
        out += csvField(t.text) + "\r\n";
    }
    return out;
}

std::optional<std::vector<CsvRecord>> parseCsv(const std::string& input, const std::string& displayPath,
                                               Diagnostics& diags) {
    std::string_view text = input;
    if (text.substr(0, 3) == kUtf8Bom) text.remove_prefix(3);
    if (looksLikeUtf16(input)) {
        diags.push_back({Severity::Error, displayPath, 1, 1, "",
                         "this CSV is saved as UTF-16 (\"Unicode text\"); save it again as \"CSV UTF-8\""});
        return std::nullopt;
    }
    if (size_t bad = firstInvalidUtf8(std::string(text)); bad != std::string::npos) {
        TextPosition at = positionOfOffset(std::string(text), bad);
        diags.push_back({Severity::Error, displayPath, at.line, at.column, "",
                         "this CSV is not UTF-8 (the spreadsheet saved it in an older encoding, which loses accents "
                         "and curly quotes); save it again choosing \"CSV UTF-8\" (Excel) or character set "
                         "\"Unicode (UTF-8)\" (LibreOffice)"});
        return std::nullopt;
    }
    // The separator is whatever follows the first header name: ',' normally, ';' from a spreadsheet
    // set to a locale that writes decimal commas.
    char separator = ',';
    for (char c : text) {
        if (c == ',' || c == ';') {
            separator = c;
            break;
        }
        if (c == '\n' || c == '\r') break;
    }
    std::vector<CsvRecord> records;
    CsvRecord record;
    std::string field;
    int line = 1;
    record.line = 1;
    bool quoted = false, wasQuoted = false;
    int quoteLine = 0;
    auto endField = [&] {
        record.fields.push_back(std::move(field));
        field.clear();
        wasQuoted = false;
    };
    auto endRecord = [&](int nextLine) {
        endField();
        // A blank line (one empty field) is no record.
        if (!(record.fields.size() == 1 && record.fields[0].empty())) records.push_back(std::move(record));
        record = CsvRecord{};
        record.line = nextLine;
    };
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else
                    quoted = false;
            } else {
                if (c == '\n') ++line;
                field += c;
            }
            continue;
        }
        if (c == '"' && field.empty() && !wasQuoted) {
            quoted = wasQuoted = true;
            quoteLine = line;
        } else if (c == separator) {
            endField();
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            continue; // the '\n' ends the record
        } else if (c == '\n') {
            ++line;
            endRecord(line);
        } else {
            field += c; // a stray quote inside an unquoted field is kept, as spreadsheets do
        }
    }
    if (quoted) {
        diags.push_back({Severity::Error, displayPath, quoteLine, 0, "",
                         "a quoted field that starts on this line is never closed (a \" is missing); open the file "
                         "in the spreadsheet and save it again, or add the closing quote"});
        return std::nullopt;
    }
    if (!field.empty() || !record.fields.empty() || wasQuoted) endRecord(line);
    return records;
}

std::string applyStringTokenEdits(const std::string& text, std::vector<StringTokenEdit> edits) {
    std::sort(edits.begin(), edits.end(), [](const auto& a, const auto& b) { return a.begin > b.begin; });
    std::string out = text;
    for (const auto& e : edits) out.replace(e.begin, e.end - e.begin, dumpJson(json(e.text)));
    return out;
}

std::vector<StringToken> locateStringTokens(const std::string& json) { return TokenScanner(json).run(); }

TextImportSummary importReaderTexts(const std::filesystem::path& pluginDir, const std::string& csvText,
                                    const std::string& csvDisplayPath, bool dryRun, Diagnostics& diags,
                                    const std::string& howToExport) {
    TextImportSummary summary;
    auto records = parseCsv(csvText, csvDisplayPath, diags);
    if (!records) return summary;
    if (records->empty()) {
        diags.push_back({Severity::Error, csvDisplayPath, 1, 0, "",
                         "the CSV is empty; give the exported review sheet, with your edits (or " + howToExport +
                             " to make one)"});
        return summary;
    }
    // Columns by name, so a reviewer may reorder or add columns.
    std::map<std::string, size_t> column;
    const auto& header = records->front().fields;
    for (size_t i = 0; i < header.size(); ++i) column.emplace(lower(trimmed(header[i])), i);
    for (const char* needed : {"id", "source", "text"})
        if (!column.count(needed)) {
            diags.push_back({Severity::Error, csvDisplayPath, 1, 0, "",
                             std::string("the header row has no \"") + needed +
                                 "\" column; keep the first row the export wrote (id, node, role, field, source, "
                                 "text), or " + howToExport + " again and copy your edits into the new sheet"});
            return summary;
        }

    Diagnostics readDiags;
    auto files = loadTextFiles(pluginDir, readDiags);
    for (auto& d : readDiags) diags.push_back(std::move(d));
    if (!files) return summary;
    std::map<std::string, const ReaderText*> byLocator;
    const std::vector<ReaderText> current = collectFrom(*files);
    for (const auto& t : current) byLocator.emplace(t.locator(), &t);

    std::map<std::string, std::vector<StringTokenEdit>> editsByFile;
    std::map<std::string, std::pair<int, const ReaderText*>> pendingByLocator; // locator -> (row, text)
    std::map<std::string, std::string> newTextByLocator;
    std::map<std::string, int> rowOfLocator;
    bool refused = false;
    auto refuse = [&](const CsvRecord& r, size_t row, const std::string& why) {
        diags.push_back({Severity::Error, csvDisplayPath, r.line, 0, "", "row " + std::to_string(row) + ": " + why});
        refused = true;
    };
    auto cell = [](const CsvRecord& r, size_t i) { return i < r.fields.size() ? r.fields[i] : std::string(); };
    for (size_t i = 1; i < records->size(); ++i) {
        const CsvRecord& r = (*records)[i];
        const size_t row = i + 1; // as the spreadsheet numbers it, the header being row 1
        const std::string id = trimmed(cell(r, column["id"]));
        if (id.empty() && std::all_of(r.fields.begin(), r.fields.end(), [](const auto& f) { return f.empty(); }))
            continue;
        ++summary.rows;
        if (id.empty()) {
            refuse(r, row,
                   "the id column is empty; copy the id back from the exported file (it says where the text "
                   "lives: file#pointer)");
            continue;
        }
        auto found = byLocator.find(id);
        if (found == byLocator.end()) {
            refuse(r, row,
                   "there is no text at " + id +
                       " in the case now (it was moved or deleted since the export, or the id was edited); " +
                       howToExport + " again and copy this row's edit into the new file");
            continue;
        }
        if (auto [it, fresh] = rowOfLocator.emplace(id, static_cast<int>(row)); !fresh) {
            refuse(r, row,
                   "repeats the id " + id + " of row " + std::to_string(it->second) +
                       "; keep one row per text (delete one of the two)");
            continue;
        }
        const std::string source = withLf(cell(r, column["source"]));
        const std::string edited = withLf(cell(r, column["text"]));
        const std::string now = withLf(found->second->text);
        if (edited == source || edited == now) {
            ++summary.unchanged; // not edited, or already applied by an earlier import
            continue;
        }
        if (source != now) {
            refuse(r, row,
                   "the source column no longer matches the case (" + id + "): the file now says " + excerpt(now) +
                       ", the row says " + excerpt(source) +
                       ". The text was changed since the export: " + howToExport + " again and copy "
                       "this row's edit into the new file");
            continue;
        }
        if (trimmed(edited).empty()) {
            refuse(r, row,
                   "the text column is empty (" + id +
                       "); write the text, or copy the source back to leave it unchanged");
            continue;
        }
        newTextByLocator[id] = edited;
    }
    if (refused) {
        diags.push_back(
            {Severity::Error, csvDisplayPath, 0, 0, "", "nothing was written: fix the rows above and import again"});
        return summary;
    }
    summary.changed = newTextByLocator.size();
    std::map<std::string, std::string> newFileText;
    for (const auto& file : *files) {
        std::map<std::string, const StringToken*> tokenAt;
        const std::vector<StringToken> tokens = locateStringTokens(file.json.text);
        for (const auto& t : tokens) tokenAt.emplace(t.pointer, &t);
        std::vector<StringTokenEdit> edits;
        for (const auto& [id, text] : newTextByLocator) {
            const ReaderText* target = byLocator[id];
            if (target->file != file.relative) continue;
            auto tok = tokenAt.find(target->pointer);
            if (tok == tokenAt.end()) {
                diags.push_back({Severity::Error, file.json.path, 0, 0, target->pointer,
                                 "could not find this text in the file to change it; nothing was written"});
                return summary;
            }
            edits.push_back({tok->second->begin, tok->second->end, text});
        }
        if (edits.empty()) continue;
        std::string updated = applyStringTokenEdits(file.json.text, edits);
        // The edited file must parse, and say exactly the new texts where they were asked for.
        Diagnostics check;
        auto reparsed = parseJsonText(updated, file.json.path, check);
        bool same = reparsed.has_value();
        for (const auto& [id, text] : newTextByLocator) {
            const ReaderText* target = byLocator[id];
            if (!same || target->file != file.relative) continue;
            try { // the pointers are built with pointerToken, so this never throws; caught all the same
                same = reparsed->value.at(json::json_pointer(target->pointer)) == json(text);
            } catch (const json::exception&) {
                same = false;
            }
        }
        if (!same) {
            diags.push_back({Severity::Error, file.json.path, 0, 0, "",
                             "the edited file did not read back as expected; nothing was written (please report "
                             "this with the CSV)"});
            return summary;
        }
        newFileText[file.relative] = std::move(updated);
        summary.filesChanged.push_back(file.relative);
    }
    if (dryRun) return summary;
    for (const auto& [relative, text] : newFileText)
        if (!writeFileAtomically(pluginDir / relative, text, diags)) return summary;
    summary.written = !newFileText.empty();
    return summary;
}

} // namespace wp
