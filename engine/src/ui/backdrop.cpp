// Backdrops (see backdrop.h): collected per ImGui context while a frame is built, taken by the renderer.
#include "wholepicture/ui/backdrop.h"

#include <algorithm>
#include <utility>

namespace wp::ui {

namespace {

struct ContextBackdrops {
    const ImGuiContext* context = nullptr;
    int frame = -1; // ImGui's frame count when they were filled
    std::vector<Backdrop> items;
};

// One list per ImGui context: the projector window builds its frame in a context of its own, between
// the console's frames, and each renderer takes only its own context's backdrops. Only the current
// frame's are kept: a frame nobody renders (the UI tests draw without a renderer) leaves nothing behind.
std::vector<Backdrop>& pendingForCurrentContext() {
    static std::vector<ContextBackdrops> pending;
    const ImGuiContext* context = ImGui::GetCurrentContext();
    const int frame = ImGui::GetFrameCount();
    auto it = std::find_if(pending.begin(), pending.end(), [&](const ContextBackdrops& p) { return p.context == context; });
    if (it == pending.end()) it = pending.insert(pending.end(), ContextBackdrops{context, frame, {}});
    if (it->frame != frame) {
        it->items.clear();
        it->frame = frame;
    }
    return it->items;
}

bool s_enabled = true;

bool overlaps(ImVec2 aMin, ImVec2 aMax, ImVec2 bMin, ImVec2 bMax) {
    return aMin.x < bMax.x && bMin.x < aMax.x && aMin.y < bMax.y && bMin.y < aMax.y;
}

} // namespace

void setBackdropsEnabled(bool enabled) { s_enabled = enabled; }

void excludeFromBackdrops(ImVec2 min, ImVec2 max) {
    const ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 clipMin = dl->GetClipRectMin(), clipMax = dl->GetClipRectMax();
    min = ImVec2(std::max(min.x, clipMin.x), std::max(min.y, clipMin.y));
    max = ImVec2(std::min(max.x, clipMax.x), std::min(max.y, clipMax.y));
    if (min.x >= max.x || min.y >= max.y) return;
    std::vector<Backdrop>& pending = pendingForCurrentContext();
    std::vector<Backdrop> kept;
    kept.reserve(pending.size() + 4);
    for (const Backdrop& b : pending) {
        if (!overlaps(b.min, b.max, min, max)) {
            kept.push_back(b);
            continue;
        }
        // What is left of b around the hole: the bands above and below it, then left and right of it.
        auto piece = [&](ImVec2 a, ImVec2 c) {
            if (a.x < c.x && a.y < c.y) kept.push_back({a, c, b.colour, b.list});
        };
        piece(b.min, ImVec2(b.max.x, std::min(b.max.y, min.y)));
        piece(ImVec2(b.min.x, std::max(b.min.y, max.y)), b.max);
        const float top = std::max(b.min.y, min.y), bottom = std::min(b.max.y, max.y);
        piece(ImVec2(b.min.x, top), ImVec2(std::min(b.max.x, min.x), bottom));
        piece(ImVec2(std::max(b.min.x, max.x), top), ImVec2(b.max.x, bottom));
    }
    pending = std::move(kept);
}

void fillBackdrop(ImVec2 min, ImVec2 max, ImVec4 colour, float rounding) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (colour.w < 1.0f || !s_enabled) { // a clear does not blend
        dl->AddRectFilled(min, max, ImGui::GetColorU32(colour), rounding);
        return;
    }
    const ImVec2 clipMin = dl->GetClipRectMin(), clipMax = dl->GetClipRectMax();
    if (!overlaps(min, max, clipMin, clipMax)) return; // scrolled out of view: nothing at all
    std::vector<Backdrop>& pending = pendingForCurrentContext();
    auto clear = [&](ImVec2 a, ImVec2 b) {
        a = ImVec2(std::max(a.x, clipMin.x), std::max(a.y, clipMin.y));
        b = ImVec2(std::min(b.x, clipMax.x), std::min(b.y, clipMax.y));
        if (a.x < b.x && a.y < b.y) pending.push_back({a, b, colour, dl});
    };
    // ImGui's own limit for a rectangle's rounding (ImDrawList::PathRect), so the corners match it.
    rounding = std::min(rounding, std::min(max.x - min.x, max.y - min.y) * 0.5f - 1.0f);
    if (rounding < 1.0f) {
        clear(min, max);
        return;
    }
    const float r = rounding;
    clear(ImVec2(min.x + r, min.y), ImVec2(max.x - r, max.y));         // the middle, top to bottom
    clear(ImVec2(min.x, min.y + r), ImVec2(min.x + r, max.y - r));     // the left edge between the corners
    clear(ImVec2(max.x - r, min.y + r), ImVec2(max.x, max.y - r));     // the right edge
    // Each corner as a one-pixel-larger square with one rounded corner: ImGui rounds a one-corner
    // rectangle by at most its width less a pixel, and the extra pixel lies on the cleared colour.
    const ImU32 col = ImGui::GetColorU32(colour);
    const float s = r + 1.0f;
    struct Corner {
        ImVec2 a, b;
        ImDrawFlags flags;
    };
    const Corner corners[] = {
        {min, ImVec2(min.x + s, min.y + s), ImDrawFlags_RoundCornersTopLeft},
        {ImVec2(max.x - s, min.y), ImVec2(max.x, min.y + s), ImDrawFlags_RoundCornersTopRight},
        {ImVec2(min.x, max.y - s), ImVec2(min.x + s, max.y), ImDrawFlags_RoundCornersBottomLeft},
        {ImVec2(max.x - s, max.y - s), max, ImDrawFlags_RoundCornersBottomRight},
    };
    for (const Corner& c : corners)
        if (overlaps(c.a, c.b, clipMin, clipMax)) dl->AddRectFilled(c.a, c.b, col, r, c.flags);
}

std::vector<Backdrop> takeBackdrops(const ImDrawData& drawData) {
    std::vector<Backdrop> taken = std::exchange(pendingForCurrentContext(), {});
    auto listIndex = [&](const ImDrawList* list) {
        for (int i = 0; i < drawData.CmdListsCount; ++i)
            if (drawData.CmdLists[i] == list) return i;
        return -1;
    };
    std::vector<std::pair<int, Backdrop>> ordered;
    ordered.reserve(taken.size());
    for (const Backdrop& b : taken)
        if (const int i = listIndex(b.list); i >= 0) ordered.emplace_back(i, b);
    std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    taken.clear();
    for (auto& [i, b] : ordered) taken.push_back(b);
    return taken;
}

} // namespace wp::ui
