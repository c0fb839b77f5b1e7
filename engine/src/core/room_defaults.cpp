// The default room tables (room.h).
#include <algorithm>

#include "wholepicture/core/room.h"

namespace wp {

std::vector<RoomGroup> defaultRoomGroups(const PluginManifest& m) {
    const auto& roles = m.roles;
    auto has = [&](const char* r) { return std::find(roles.begin(), roles.end(), r) != roles.end(); };
    const std::string teacher = has("class_teacher") ? "class_teacher" : roles.empty() ? kMixedProfession : roles.front();
    const std::string social = has("social_worker") ? "social_worker" : roles.size() > 1 ? roles[1] : kMixedProfession;
    return {{"Table 1", teacher}, {"Table 2", social}, {"Table 3", kMixedProfession}};
}

} // namespace wp
