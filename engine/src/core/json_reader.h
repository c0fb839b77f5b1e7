// Private helper: typed reads from a JsonFile that report wrong types and missing fields as
// diagnostics at the right line, instead of throwing.
#pragma once
#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <initializer_list>

#include "wholepicture/core/diagnostic.h"
#include "wholepicture/core/json_file.h"

namespace wp::detail {

class JsonReader {
public:
    // Locate::Never: diagnostics carry their pointer but no line, for a reader on a second thread, which
    // must not build the file's position index at the same time as another (parseScenario's node lanes,
    // which read everything again in order, located, when either lane finds anything to report).
    enum class Locate { AtOnce, Never };
    JsonReader(const JsonFile& file, Diagnostics& diags, Locate locate = Locate::AtOnce)
        : m_file(file), m_diags(diags), m_locate(locate) {}

    const JsonFile& file() const { return m_file; }
    Diagnostics& diags() { return m_diags; }

    void error(const std::string& pointer, std::string message) { report(Severity::Error, pointer, std::move(message)); }
    void warning(const std::string& pointer, std::string message) { report(Severity::Warning, pointer, std::move(message)); }

    // Field access on an object at `ptr`. Missing required fields and wrong types are errors.
    const nlohmann::json* field(const nlohmann::json& obj, const std::string& ptr, const char* key, bool required) {
        auto it = obj.find(key);
        if (it == obj.end()) {
            if (required) error(ptr, std::string("missing required field \"") + key + "\"");
            return nullptr;
        }
        return &*it;
    }

    std::string str(const nlohmann::json& obj, const std::string& ptr, const char* key, bool required = true) {
        const nlohmann::json* v = field(obj, ptr, key, required);
        if (!v) return {};
        if (!v->is_string()) {
            error(ptr + "/" + key, std::string("\"") + key + "\" must be a string, found " + typeName(*v));
            return {};
        }
        return v->get<std::string>();
    }

    // A required text that must not be empty either: "" is as good as missing, and it used to slip through
    // (an option with "text": "" was offered with no words). Optional texts (required = false) may be empty.
    std::string text(const nlohmann::json& obj, const std::string& ptr, const char* key, bool required = true) {
        std::string out = str(obj, ptr, key, required);
        if (required && out.empty()) {
            const nlohmann::json* v = field(obj, ptr, key, false);
            if (v && v->is_string())
                error(ptr + "/" + key, std::string("\"") + key + "\" is empty; write the " + key + " between the quotes");
        }
        return out;
    }

    int integer(const nlohmann::json& obj, const std::string& ptr, const char* key, bool required, int fallback = 0) {
        const nlohmann::json* v = field(obj, ptr, key, required);
        if (!v) return fallback;
        if (!v->is_number_integer()) {
            error(ptr + "/" + key, std::string("\"") + key + "\" must be a whole number, found " + typeName(*v));
            return fallback;
        }
        // get<int>() would wrap 99999999999 to 1215752191 and the message would show a number nobody wrote.
        if (auto i = intIn(*v, std::numeric_limits<int>::min(), std::numeric_limits<int>::max())) return *i;
        error(ptr + "/" + key, std::string("\"") + key + "\" is " + v->dump() + ", which is far too large; write a " +
                                   "whole number between " + std::to_string(std::numeric_limits<int>::min()) + " and " +
                                   std::to_string(std::numeric_limits<int>::max()));
        return fallback;
    }

    // The value as an integer if it is a whole number within [lo, hi]; nullopt otherwise (no throw).
    static std::optional<std::int64_t> intIn(const nlohmann::json& v, std::int64_t lo, std::int64_t hi) {
        if (v.is_number_unsigned()) {
            auto u = v.get<std::uint64_t>();
            if (hi < 0 || u > static_cast<std::uint64_t>(hi) || static_cast<std::int64_t>(u) < lo) return std::nullopt;
            return static_cast<std::int64_t>(u);
        }
        if (!v.is_number_integer()) return std::nullopt;
        auto i = v.get<std::int64_t>();
        if (i < lo || i > hi) return std::nullopt;
        return i;
    }

    double number(const nlohmann::json& obj, const std::string& ptr, const char* key, bool required, double fallback) {
        const nlohmann::json* v = field(obj, ptr, key, required);
        if (!v) return fallback;
        if (!v->is_number()) {
            error(ptr + "/" + key, std::string("\"") + key + "\" must be a number, found " + typeName(*v));
            return fallback;
        }
        return v->get<double>();
    }

    bool boolean(const nlohmann::json& obj, const std::string& ptr, const char* key, bool fallback) {
        const nlohmann::json* v = field(obj, ptr, key, false);
        if (!v) return fallback;
        if (!v->is_boolean()) {
            error(ptr + "/" + key, std::string("\"") + key + "\" must be true or false, found " + typeName(*v));
            return fallback;
        }
        return v->get<bool>();
    }

    std::vector<std::string> strings(const nlohmann::json& obj, const std::string& ptr, const char* key,
                                     bool required = false) {
        std::vector<std::string> out;
        const nlohmann::json* v = field(obj, ptr, key, required);
        if (!v) return out;
        std::string p = ptr + "/" + key;
        if (!v->is_array()) {
            error(p, std::string("\"") + key + "\" must be a list of strings, found " + typeName(*v));
            return out;
        }
        for (size_t i = 0; i < v->size(); ++i) {
            if (!(*v)[i].is_string()) {
                error(p + "/" + std::to_string(i), "expected a string, found " + typeName((*v)[i]));
                continue;
            }
            out.push_back((*v)[i].get<std::string>());
        }
        return out;
    }

    // An array field; returns nullptr (with an error if present but not an array).
    const nlohmann::json* array(const nlohmann::json& obj, const std::string& ptr, const char* key, bool required) {
        const nlohmann::json* v = field(obj, ptr, key, required);
        if (!v) return nullptr;
        if (!v->is_array()) {
            error(ptr + "/" + key, std::string("\"") + key + "\" must be a list ([...]), found " + typeName(*v));
            return nullptr;
        }
        return v;
    }

    const nlohmann::json* object(const nlohmann::json& obj, const std::string& ptr, const char* key, bool required) {
        const nlohmann::json* v = field(obj, ptr, key, required);
        if (!v) return nullptr;
        if (!v->is_object()) {
            error(ptr + "/" + key, std::string("\"") + key + "\" must be an object ({...}), found " + typeName(*v));
            return nullptr;
        }
        return v;
    }

    bool expectObject(const nlohmann::json& v, const std::string& ptr, const char* what) {
        if (v.is_object()) return true;
        error(ptr, std::string(what) + " must be an object ({...}), found " + typeName(v));
        return false;
    }

    // Every key of the object `obj` at `ptr` must be one of `known`, or "$schema" / "_comment" (notes for
    // editors and authors, allowed on every object). A misspelt key is an error with the closest known key
    // and the full list: a silently ignored "whne" used to change a case's logic (issue 14).
    void knownKeys(const nlohmann::json& obj, const std::string& ptr, std::initializer_list<const char*> known,
                   const std::string& what) {
        if (!obj.is_object()) return;
        // Every object of a case goes through here: no allocation unless a key is unknown.
        for (auto it = obj.begin(); it != obj.end(); ++it) {
            const std::string& key = it.key();
            if (noteKey(key, it.value(), ptr)) continue;
            if (std::any_of(known.begin(), known.end(), [&key](const char* name) { return key == name; })) continue;
            const std::vector<std::string> names(known.begin(), known.end());
            keyError(ptr + "/" + pointerToken(key), key, unknownKeyMessage(key, names, what));
        }
    }

    // An error about a key itself: at the key's own line and column (the pointer leads to its value, which
    // may start on a later line).
    void keyError(const std::string& pointer, const std::string& key, std::string message) {
        if (m_locate == Locate::Never) return report(Severity::Error, pointer, std::move(message));
        Diagnostic d = m_file.at(Severity::Error, pointer, std::move(message));
        const std::string& text = m_file.text;
        if (d.line > 0 && !text.empty()) {
            size_t offset = 0;
            for (int line = 1; line < d.line && offset < text.size(); ++offset)
                if (text[offset] == '\n') ++line;
            offset += static_cast<size_t>(d.column - 1);
            std::string quoted = "\"" + key + "\"";
            size_t at = offset <= text.size() ? text.rfind(quoted, offset) : std::string::npos;
            if (at != std::string::npos && offset - at < quoted.size() + 64) {
                TextPosition pos = positionOfOffset(text, at);
                d.line = pos.line;
                d.column = pos.column;
            }
        }
        m_diags.push_back(std::move(d));
    }

    static std::string unknownKeyMessage(const std::string& key, const std::vector<std::string>& names,
                                         const std::string& what) {
        std::string shown = key.size() > 60 ? key.substr(0, 60) + "..." : key;
        std::string hint = didYouMean(key, names);
        std::string list;
        for (size_t i = 0; i < names.size(); ++i) list += (i ? ", " : "") + names[i];
        return "unknown key \"" + shown + "\" in " + what + (hint.empty() ? "" : "; did you mean \"" + hint + "\"?") +
               " (the keys allowed here: " + list + "; write notes in \"_comment\")";
    }

    // Whether `key` (in the object at `ptr`) is "$schema" or "_comment", checking its type if so.
    bool noteKey(const std::string& key, const nlohmann::json& v, const std::string& ptr) {
        if (key == "$schema") {
            if (!v.is_string()) error(ptr + "/" + pointerToken(key), "\"$schema\" must be a text (the path of a schema file), found " + typeName(v));
            return true;
        }
        if (key != "_comment") return false;
        bool ok = v.is_string();
        if (v.is_array()) ok = std::all_of(v.begin(), v.end(), [](const nlohmann::json& x) { return x.is_string(); });
        if (!ok) error(ptr + "/" + pointerToken(key), "\"_comment\" must be a text, or a list of texts, found " + typeName(v));
        return true;
    }

    static std::string typeName(const nlohmann::json& v) {
        switch (v.type()) {
        case nlohmann::json::value_t::null: return "null";
        case nlohmann::json::value_t::object: return "an object";
        case nlohmann::json::value_t::array: return "a list";
        case nlohmann::json::value_t::string: return "a string";
        case nlohmann::json::value_t::boolean: return "true/false";
        case nlohmann::json::value_t::number_float: return "a decimal number";
        case nlohmann::json::value_t::number_integer:
        case nlohmann::json::value_t::number_unsigned: return "a number";
        default: return "a value";
        }
    }

private:
    void report(Severity severity, const std::string& pointer, std::string message) {
        if (m_locate == Locate::Never) m_diags.push_back({severity, m_file.path, 0, 0, pointer, std::move(message), {}});
        else m_diags.push_back(m_file.at(severity, pointer, std::move(message)));
    }

    const JsonFile& m_file;
    Diagnostics& m_diags;
    Locate m_locate;
};

} // namespace wp::detail
