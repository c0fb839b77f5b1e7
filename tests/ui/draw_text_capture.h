// Reads text back out of what ImGui rendered: after ImGui::Render(), every glyph quad in the draw data
// (4 vertices carrying one glyph's atlas UVs) is decoded to its codepoint through the font atlas, so a
// test sees every string a context drew, whatever call drew it (Text, TextWrapped, buttons, tooltips,
// child windows, popups, tables, text split in parts or cut with an ellipsis), without any hook in the
// view code. Works in the render-less harness: the atlas is real (GetTexDataAsRGBA32), no GL needed.
//
// ImGui adds no quad for invisible glyphs (spaces, tabs, newlines), so captured text has no
// whitespace: compare it with normaliseForCapture(expected), which drops the same characters and maps
// a character the font lacks to the fallback glyph ImGui draws for it.
#pragma once
#include <algorithm>
#include <array>
#include <map>
#include <string>
#include <vector>

#include <imgui.h>
#include <imgui_internal.h>

namespace wp::test {

struct CapturedList {
    std::string owner; // the window that owns the draw list ("Projector##room", "##Tooltip_00", ...)
    std::string text;  // UTF-8, glyphs in draw order, no whitespace
};

struct CapturedText {
    std::vector<CapturedList> lists; // one per ImDrawList, in draw data order
    std::string all;                 // every list's text, concatenated in order
    int glyphs = 0;                  // glyph quads decoded
    int unknownQuads = 0;            // glyph-like quads no atlas glyph explains (should stay 0)
};

// Maps atlas UV rectangles to codepoints for every font in an atlas.
class GlyphDecoder {
public:
    explicit GlyphDecoder(const ImFontAtlas* atlas) {
        for (const ImFont* font : atlas->Fonts)
            for (const ImFontGlyph& g : font->Glyphs) {
                if (!g.Visible) continue;
                const std::array<float, 4> key{g.U0, g.V0, g.U1, g.V1};
                exact_.emplace(key, g.Codepoint);
                glyphs_.push_back({g.U0, g.V0, g.U1, g.V1, g.Codepoint});
            }
    }
    // The codepoint of the glyph drawn with these UVs, or 0. A glyph cut by a fine clip rect carries a
    // sub-rectangle of its UVs: that decodes to the glyph whose UV rectangle contains it.
    [[nodiscard]] unsigned decode(float u0, float v0, float u1, float v1) const {
        if (auto it = exact_.find({u0, v0, u1, v1}); it != exact_.end()) return it->second;
        for (const Glyph& g : glyphs_)
            if (u0 >= g.u0 && v0 >= g.v0 && u1 <= g.u1 && v1 <= g.v1) return g.codepoint;
        return 0;
    }
    [[nodiscard]] size_t size() const { return glyphs_.size(); }

private:
    struct Glyph {
        float u0, v0, u1, v1;
        unsigned codepoint;
    };
    std::map<std::array<float, 4>, unsigned> exact_; // (U0, V0, U1, V1) -> codepoint
    std::vector<Glyph> glyphs_;                      // for clipped glyphs
};

// A glyph is drawn as one quad (ImFont::RenderText, RenderChar: PrimRectUV's vertex order):
//   (x1,y1 u1,v1) (x2,y1 u2,v1) (x2,y2 u2,v2) (x1,y2 u1,v2)   with u1 < u2, v1 < v2.
// Other shapes use the atlas's white pixel or line texels (one u or one v): never this pattern.
inline bool isGlyphQuad(const ImDrawVert* v) {
    return v[1].uv.x == v[2].uv.x && v[1].uv.y == v[0].uv.y && v[3].uv.x == v[0].uv.x && v[3].uv.y == v[2].uv.y &&
           v[0].uv.x < v[2].uv.x && v[0].uv.y < v[2].uv.y && v[1].pos.y == v[0].pos.y && v[2].pos.x == v[1].pos.x &&
           v[3].pos.x == v[0].pos.x && v[3].pos.y == v[2].pos.y;
}

inline void appendUtf8(std::string& out, unsigned c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

// Every glyph in the draw data, every ImDrawList in order (windows, child windows, tooltips, popups).
inline CapturedText captureDrawData(const ImDrawData* drawData, const GlyphDecoder& decoder) {
    CapturedText out;
    if (!drawData || !drawData->Valid) return out;
    for (int n = 0; n < drawData->CmdListsCount; ++n) {
        const ImDrawList* list = drawData->CmdLists[n];
        CapturedList cl;
        cl.owner = list->_OwnerName ? list->_OwnerName : "";
        const ImDrawVert* v = list->VtxBuffer.Data;
        const int count = list->VtxBuffer.Size;
        for (int i = 0; i + 3 < count;) {
            if (!isGlyphQuad(v + i)) {
                ++i;
                continue;
            }
            const unsigned c = decoder.decode(v[i].uv.x, v[i].uv.y, v[i + 2].uv.x, v[i + 2].uv.y);
            if (c == 0) {
                ++out.unknownQuads;
                ++i;
                continue;
            }
            appendUtf8(cl.text, c);
            ++out.glyphs;
            i += 4;
        }
        out.all += cl.text;
        out.lists.push_back(std::move(cl));
    }
    return out;
}

// The current context's last frame (call after ImGui::Render()).
inline CapturedText captureRenderedText() {
    const GlyphDecoder decoder(ImGui::GetIO().Fonts);
    return captureDrawData(ImGui::GetDrawData(), decoder);
}

// `utf8` as it appears in captured text when drawn with `font` (default: the atlas's first font):
// whitespace and invisible glyphs removed, characters the font lacks replaced by its fallback glyph.
inline std::string normaliseForCapture(const std::string& utf8, const ImFont* font = nullptr) {
    if (!font) font = ImGui::GetIO().Fonts->Fonts.empty() ? nullptr : ImGui::GetIO().Fonts->Fonts[0];
    std::string out;
    out.reserve(utf8.size());
    const char* p = utf8.data();
    const char* end = p + utf8.size();
    while (p < end) {
        unsigned c = 0;
        const int len = ImTextCharFromUtf8(&c, p, end);
        p += len > 0 ? len : 1;
        if (c == 0) break;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
        if (!font) {
            appendUtf8(out, c);
            continue;
        }
        const ImFontGlyph* g = c <= IM_UNICODE_CODEPOINT_MAX ? font->FindGlyph(static_cast<ImWchar>(c)) : font->FallbackGlyph;
        if (!g || !g->Visible) continue; // ImGui draws nothing for it
        appendUtf8(out, g->Codepoint);
    }
    return out;
}

} // namespace wp::test
