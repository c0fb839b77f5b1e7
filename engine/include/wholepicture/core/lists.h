// Comma lists as people type them on a command line and read them in messages. One spelling for the
// core, wpt and the app, so "--choose a,,b" and "available: a, b" mean the same everywhere.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace wp {

// "a,b,,c" -> {a, b, c}: empty items are dropped; with `unique`, repeats too (the first is kept).
// No trimming: ids have no spaces, and a stray one should show in the message that refuses it.
[[nodiscard]] std::vector<std::string> splitList(std::string_view text, char separator = ',', bool unique = false);

// {a, b} -> "a, b" with `separator` between items; `whenEmpty` when there are none ("(none)").
[[nodiscard]] std::string joinList(const std::vector<std::string>& items, std::string_view separator = ", ",
                                   std::string_view whenEmpty = "");

// A score change as people read it: "+3", "\u22122" (a true minus sign), "\u00b10" for no change.
[[nodiscard]] std::string signedChange(int change);

} // namespace wp
