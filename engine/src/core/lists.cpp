#include "wholepicture/core/lists.h"

#include <algorithm>

namespace wp {

std::vector<std::string> splitList(std::string_view text, char separator, bool unique) {
    std::vector<std::string> out;
    size_t from = 0;
    while (from <= text.size()) {
        size_t to = text.find(separator, from);
        if (to == std::string_view::npos) to = text.size();
        std::string item(text.substr(from, to - from));
        if (!item.empty() && (!unique || std::find(out.begin(), out.end(), item) == out.end())) out.push_back(std::move(item));
        from = to + 1;
    }
    return out;
}

std::string joinList(const std::vector<std::string>& items, std::string_view separator, std::string_view whenEmpty) {
    if (items.empty()) return std::string(whenEmpty);
    std::string out = items.front();
    for (size_t i = 1; i < items.size(); ++i) {
        out += separator;
        out += items[i];
    }
    return out;
}

std::string signedChange(int change) {
    const long long magnitude = change < 0 ? -static_cast<long long>(change) : change; // INT_MIN has no int negation
    return (change > 0 ? "+" : change < 0 ? "\xE2\x88\x92" : "\xC2\xB1") + std::to_string(magnitude);
}

} // namespace wp
