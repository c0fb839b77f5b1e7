// Where a frame differs from the one before it (see frame_damage.h).
#include "wholepicture/platform/frame_damage.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace wp::platform {

namespace {

// Damage in display coordinates, gathered as a few rectangles: a new one joins any it touches (or
// comes within a few pixels of); past kMaxDamageRects they all become one.
class DamageSet {
public:
    void add(ImVec2 min, ImVec2 max) {
        if (max.x <= min.x || max.y <= min.y) return;
        ImVec4 r(min.x, min.y, max.x, max.y);
        for (bool merged = true; merged;) { // a union can reach another rectangle: merge until none does
            merged = false;
            for (size_t i = 0; i < m_rects.size(); ++i)
                if (near(m_rects[i], r)) {
                    r = unite(m_rects[i], r);
                    m_rects.erase(m_rects.begin() + static_cast<std::ptrdiff_t>(i));
                    merged = true;
                    break;
                }
        }
        m_rects.push_back(r);
        if (m_rects.size() > kMaxDamageRects) {
            ImVec4 all = m_rects.front();
            for (const ImVec4& x : m_rects) all = unite(all, x);
            m_rects.assign(1, all);
        }
    }
    [[nodiscard]] const std::vector<ImVec4>& rects() const { return m_rects; }

private:
    static constexpr float kNear = 8.0f;
    static bool near(const ImVec4& a, const ImVec4& b) {
        return a.x <= b.z + kNear && b.x <= a.z + kNear && a.y <= b.w + kNear && b.y <= a.w + kNear;
    }
    static ImVec4 unite(const ImVec4& a, const ImVec4& b) {
        return ImVec4(std::min(a.x, b.x), std::min(a.y, b.y), std::max(a.z, b.z), std::max(a.w, b.w));
    }
    std::vector<ImVec4> m_rects;
};

bool sameVec4(const ImVec4& a, const ImVec4& b) { return a.x == b.x && a.y == b.y && a.z == b.z && a.w == b.w; }

} // namespace

FrameDamage FrameHistory::advance(const ImDrawData& data, const std::vector<ui::Backdrop>& backdrops, int width,
                                  int height, ImVec4 background, std::uint64_t textureGeneration) {
    bool full = !m_valid || width != m_width || height != m_height || !sameVec4(background, m_background) ||
                textureGeneration != m_textures || data.DisplayPos.x != m_origin.x || data.DisplayPos.y != m_origin.y ||
                data.FramebufferScale.x != m_scale.x || data.FramebufferScale.y != m_scale.y ||
                data.CmdListsCount != static_cast<int>(m_lists.size()) || backdrops.size() != m_backdrops.size();
    for (int l = 0; !full && l < data.CmdListsCount; ++l) {
        const ImDrawList& list = *data.CmdLists[l];
        const List& kept = m_lists[static_cast<size_t>(l)];
        full = list.VtxBuffer.Size != kept.vertices || list.IdxBuffer.Size != kept.indices ||
               list.CmdBuffer.Size != static_cast<int>(kept.cmds.size());
    }

    DamageSet damage;
    if (!full) {
        for (size_t i = 0; i < backdrops.size(); ++i) {
            const ui::Backdrop &a = backdrops[i], &b = m_backdrops[i];
            if (a.min.x != b.min.x || a.min.y != b.min.y || a.max.x != b.max.x || a.max.y != b.max.y ||
                !sameVec4(a.colour, b.colour)) {
                damage.add(a.min, a.max);
                damage.add(b.min, b.max);
            }
        }
        size_t vtxBase = 0, idxBase = 0;
        for (int l = 0; !full && l < data.CmdListsCount; ++l) {
            const ImDrawList& list = *data.CmdLists[l];
            const List& kept = m_lists[static_cast<size_t>(l)];
            const ImDrawVert* oldVtx = m_vtx.data() + vtxBase;
            const ImDrawIdx* oldIdx = m_idx.data() + idxBase;
            m_changed.assign(static_cast<size_t>(list.VtxBuffer.Size), 0);
            bool anyVertex = false;
            for (int v = 0; v < list.VtxBuffer.Size; ++v)
                if (std::memcmp(&list.VtxBuffer.Data[v], &oldVtx[v], sizeof(ImDrawVert)) != 0) {
                    m_changed[static_cast<size_t>(v)] = 1;
                    anyVertex = true;
                }
            const bool anyIndex = list.IdxBuffer.Size > 0 &&
                                  std::memcmp(list.IdxBuffer.Data, oldIdx,
                                              static_cast<size_t>(list.IdxBuffer.Size) * sizeof(ImDrawIdx)) != 0;
            for (int c = 0; !full && c < list.CmdBuffer.Size; ++c) {
                const ImDrawCmd& cmd = list.CmdBuffer[c];
                const Cmd& was = kept.cmds[static_cast<size_t>(c)];
                const ImVec2 clipMin(std::min(cmd.ClipRect.x, was.clip.x), std::min(cmd.ClipRect.y, was.clip.y));
                const ImVec2 clipMax(std::max(cmd.ClipRect.z, was.clip.z), std::max(cmd.ClipRect.w, was.clip.w));
                if (cmd.UserCallback) {
                    if (cmd.UserCallback != was.callback) {
                        full = true;
                    } else if (cmd.UserCallback == ImDrawCallback_ResetRenderState) {
                    } else if (const GlMapCanvas::Copy* copy = GlMapCanvas::copyOf(cmd)) {
                        if (!(*copy == was.copy) || !sameVec4(cmd.ClipRect, was.clip)) {
                            damage.add(ImVec2(cmd.ClipRect.x, cmd.ClipRect.y), ImVec2(cmd.ClipRect.z, cmd.ClipRect.w));
                            damage.add(ImVec2(was.clip.x, was.clip.y), ImVec2(was.clip.z, was.clip.w));
                        }
                    } else {
                        full = true; // a callback whose drawing this cannot follow
                    }
                    continue;
                }
                if (!sameVec4(cmd.ClipRect, was.clip) || cmd.TextureId != was.texture ||
                    cmd.VtxOffset != was.vtxOffset || cmd.IdxOffset != was.idxOffset ||
                    cmd.ElemCount != was.elemCount) {
                    damage.add(ImVec2(cmd.ClipRect.x, cmd.ClipRect.y), ImVec2(cmd.ClipRect.z, cmd.ClipRect.w));
                    damage.add(ImVec2(was.clip.x, was.clip.y), ImVec2(was.clip.z, was.clip.w));
                    continue;
                }
                if (!anyVertex && !anyIndex) continue;
                // Triangle by triangle: a changed one damages where it was and where it is, within the clip.
                for (unsigned t = 0; t + 2 < cmd.ElemCount; t += 3) {
                    const unsigned at = cmd.IdxOffset + t;
                    const unsigned n0 = cmd.VtxOffset + list.IdxBuffer.Data[at],
                                   n1 = cmd.VtxOffset + list.IdxBuffer.Data[at + 1],
                                   n2 = cmd.VtxOffset + list.IdxBuffer.Data[at + 2];
                    const unsigned o0 = cmd.VtxOffset + oldIdx[at], o1 = cmd.VtxOffset + oldIdx[at + 1],
                                   o2 = cmd.VtxOffset + oldIdx[at + 2];
                    if (n0 == o0 && n1 == o1 && n2 == o2 && !m_changed[n0] && !m_changed[n1] && !m_changed[n2])
                        continue;
                    const ImVec2 a = list.VtxBuffer.Data[n0].pos, b = list.VtxBuffer.Data[n1].pos,
                                 d = list.VtxBuffer.Data[n2].pos;
                    const ImVec2 e = oldVtx[o0].pos, f = oldVtx[o1].pos, g = oldVtx[o2].pos;
                    ImVec2 mn(std::min({a.x, b.x, d.x, e.x, f.x, g.x}), std::min({a.y, b.y, d.y, e.y, f.y, g.y}));
                    ImVec2 mx(std::max({a.x, b.x, d.x, e.x, f.x, g.x}), std::max({a.y, b.y, d.y, e.y, f.y, g.y}));
                    mn = ImVec2(std::max(mn.x, clipMin.x), std::max(mn.y, clipMin.y));
                    mx = ImVec2(std::min(mx.x, clipMax.x), std::min(mx.y, clipMax.y));
                    damage.add(mn, mx);
                }
            }
            vtxBase += static_cast<size_t>(kept.vertices);
            idxBase += static_cast<size_t>(kept.indices);
        }
    }

    // Keep this frame.
    m_valid = true;
    m_width = width;
    m_height = height;
    m_background = background;
    m_origin = data.DisplayPos;
    m_scale = data.FramebufferScale;
    m_textures = textureGeneration;
    m_backdrops = backdrops;
    m_lists.resize(static_cast<size_t>(data.CmdListsCount));
    m_vtx.clear();
    m_idx.clear();
    for (int l = 0; l < data.CmdListsCount; ++l) {
        const ImDrawList& list = *data.CmdLists[l];
        List& kept = m_lists[static_cast<size_t>(l)];
        kept.vertices = list.VtxBuffer.Size;
        kept.indices = list.IdxBuffer.Size;
        kept.cmds.resize(static_cast<size_t>(list.CmdBuffer.Size));
        for (int c = 0; c < list.CmdBuffer.Size; ++c) {
            const ImDrawCmd& cmd = list.CmdBuffer[c];
            Cmd& k = kept.cmds[static_cast<size_t>(c)];
            k.clip = cmd.ClipRect;
            k.texture = cmd.TextureId;
            k.vtxOffset = cmd.VtxOffset;
            k.idxOffset = cmd.IdxOffset;
            k.elemCount = cmd.ElemCount;
            k.callback = cmd.UserCallback;
            const GlMapCanvas::Copy* copy = cmd.UserCallback ? GlMapCanvas::copyOf(cmd) : nullptr;
            k.copy = copy ? *copy : GlMapCanvas::Copy{};
        }
        m_vtx.insert(m_vtx.end(), list.VtxBuffer.Data, list.VtxBuffer.Data + list.VtxBuffer.Size);
        m_idx.insert(m_idx.end(), list.IdxBuffer.Data, list.IdxBuffer.Data + list.IdxBuffer.Size);
    }

    FrameDamage out;
    out.full = full;
    if (full) return out;
    // To framebuffer pixels, widened by two for antialiased edges and rounding, within the frame.
    long long area = 0;
    for (const ImVec4& r : damage.rects()) {
        PixelRect p;
        p.x0 = std::max(0, static_cast<int>(std::floor((r.x - m_origin.x) * m_scale.x)) - 2);
        p.y0 = std::max(0, static_cast<int>(std::floor((r.y - m_origin.y) * m_scale.y)) - 2);
        p.x1 = std::min(width, static_cast<int>(std::ceil((r.z - m_origin.x) * m_scale.x)) + 2);
        p.y1 = std::min(height, static_cast<int>(std::ceil((r.w - m_origin.y) * m_scale.y)) + 2);
        if (p.empty()) continue;
        area += p.area();
        out.rects.push_back(p);
    }
    // Most of the frame changed: drawing it whole costs no more, and draws the triangles once.
    if (area * 2 > static_cast<long long>(width) * height) {
        out.full = true;
        out.rects.clear();
    }
    return out;
}

} // namespace wp::platform
