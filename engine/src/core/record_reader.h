// Private helper: typed, total reads from a persisted record (session, autosave, room record) held as
// plain JSON. Unlike JsonReader (plugin files, positions from the text) these records may come from
// memory, so diagnostics carry the file name and the JSON pointer; loaders that still have the text
// add line:col with locateDiagnostics() (json_file.h). Nothing here throws: a wrong type, a null, a number out of
// range gives a diagnostic with the pointer and what to write instead, and the caller's fallback.
#pragma once
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "json_reader.h"
#include "wholepicture/core/json_file.h"

namespace wp::detail {

class RecordReader {
public:
    RecordReader(Diagnostics& diags, std::string file, std::string what)
        : m_diags(diags), m_file(std::move(file)), m_what(std::move(what)) {}

    void report(Severity s, const std::string& pointer, std::string message) {
        m_diags.push_back({s, m_file, 0, 0, pointer, std::move(message)});
    }

    // A string field. Missing or null: nullopt silently (unless required). Wrong type: diagnostic.
    std::optional<std::string> str(const nlohmann::json& obj, const std::string& ptr, const char* key, bool required,
                                   Severity s = Severity::Error) {
        const nlohmann::json* v = find(obj, ptr, key, required, s);
        if (!v) return std::nullopt;
        if (!v->is_string()) {
            wrongType(*v, ptr, key, "a string in double quotes", s);
            return std::nullopt;
        }
        return v->get<std::string>();
    }

    // A whole number within [lo, hi]. A decimal that is a whole number (12.0) is accepted; anything
    // else, including a huge float (casting it to an integer would be undefined behaviour), is refused.
    std::optional<std::int64_t> integer(const nlohmann::json& obj, const std::string& ptr, const char* key, bool required,
                                        std::int64_t lo, std::int64_t hi, Severity s = Severity::Error) {
        const nlohmann::json* v = find(obj, ptr, key, required, s);
        if (!v) return std::nullopt;
        return integerValue(*v, ptr + "/" + key, key, lo, hi, s);
    }

    std::optional<std::int64_t> integerValue(const nlohmann::json& v, const std::string& pointer, const std::string& name,
                                             std::int64_t lo, std::int64_t hi, Severity s = Severity::Error) {
        if (v.is_number_float()) {
            double d = v.get<double>();
            // Range first (within +-9e18, inside int64), so the cast below is always defined.
            if (std::isfinite(d) && d > -9.0e18 && d < 9.0e18 && d == std::floor(d) && d >= static_cast<double>(lo) &&
                d <= static_cast<double>(hi))
                return static_cast<std::int64_t>(d);
        } else if (auto i = JsonReader::intIn(v, lo, hi)) {
            return i;
        }
        if (v.is_number())
            report(s, pointer, "\"" + name + "\" is " + dumpJson(v) + ", out of range: " + m_what +
                                   " needs a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
        else
            report(s, pointer, "\"" + name + "\" must be a whole number, found " + JsonReader::typeName(v) + " (" +
                                   m_what + ")");
        return std::nullopt;
    }

    std::optional<bool> boolean(const nlohmann::json& obj, const std::string& ptr, const char* key, bool required,
                                Severity s = Severity::Error) {
        const nlohmann::json* v = find(obj, ptr, key, required, s);
        if (!v) return std::nullopt;
        if (!v->is_boolean()) {
            wrongType(*v, ptr, key, "true or false (without quotes)", s);
            return std::nullopt;
        }
        return v->get<bool>();
    }

    // A list field: nullptr when missing (an error if required) or not a list (an error).
    const nlohmann::json* array(const nlohmann::json& obj, const std::string& ptr, const char* key, bool required,
                                Severity s = Severity::Error) {
        const nlohmann::json* v = find(obj, ptr, key, required, s);
        if (!v) return nullptr;
        if (!v->is_array()) {
            wrongType(*v, ptr, key, "a list [ ... ]", s);
            return nullptr;
        }
        return v;
    }

private:
    Diagnostics& m_diags;
    std::string m_file;
    std::string m_what; // "a session file", "a room record": said in messages

    const nlohmann::json* find(const nlohmann::json& obj, const std::string& ptr, const char* key, bool required,
                               Severity s) {
        if (!obj.is_object()) return nullptr;
        auto it = obj.find(key);
        if (it == obj.end()) {
            if (required) report(s, ptr, std::string("missing the field \"") + key + "\", which " + m_what + " needs");
            return nullptr;
        }
        if (it->is_null()) { // never written by the app: damage or a hand edit, so say so
            report(required ? s : Severity::Warning, ptr + "/" + pointerToken(key),
                   std::string("\"") + key + "\" is null; " + (required ? "it needs a value" : "treated as missing"));
            return nullptr;
        }
        return &*it;
    }
    void wrongType(const nlohmann::json& v, const std::string& ptr, const char* key, const char* expected, Severity s) {
        report(s, ptr + "/" + pointerToken(key),
               std::string("\"") + key + "\" must be " + expected + ", found " + JsonReader::typeName(v));
    }
};


} // namespace wp::detail
