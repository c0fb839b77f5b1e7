// The font atlas cache (platform/fonts.h): an atlas read from the cache is the one the build makes,
// field for field, and anything else in the cache's place (another program's faces, a damaged or cut
// file, a read-only cache) means a build, never a wrong atlas or a crash.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "wholepicture/platform/fonts.h"

namespace wp::test {
namespace {

namespace fs = std::filesystem;
using platform::FontCache;
using platform::FontSource;

// What a built atlas is, copied out while its context lives (the pixels go with the upload).
struct AtlasPicture {
    int width = 0, height = 0;
    std::vector<unsigned char> pixels;
    ImVec2 uvScale, white;
    std::vector<ImVec4> lines;
    std::vector<ImFontAtlasCustomRect> rects;
    struct Font {
        float size = 0, ascent = 0, descent = 0, fallbackAdvance = 0, configPixels = 0;
        ImWchar fallback = 0, ellipsis = 0, dot = 0;
        int fallbackIndex = -1;
        std::vector<ImFontGlyph> glyphs;
        std::vector<float> advances;
        std::vector<ImWchar> lookup;
        ImVec2 wrapped; // a paragraph measured as the views measure it
    };
    std::vector<Font> fonts;
    int bodyIndex = -1, titleIndex = -1;
};

AtlasPicture picture(const ui::UiFonts& faces) {
    const ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    AtlasPicture p;
    p.width = atlas.TexWidth, p.height = atlas.TexHeight;
    if (atlas.TexPixelsAlpha8) p.pixels.assign(atlas.TexPixelsAlpha8, atlas.TexPixelsAlpha8 + p.width * p.height);
    p.uvScale = atlas.TexUvScale, p.white = atlas.TexUvWhitePixel;
    p.lines.assign(std::begin(atlas.TexUvLines), std::end(atlas.TexUvLines));
    p.rects.assign(atlas.CustomRects.begin(), atlas.CustomRects.end());
    for (int i = 0; i < atlas.Fonts.Size; ++i) {
        ImFont* f = atlas.Fonts[i];
        AtlasPicture::Font x;
        x.size = f->FontSize, x.ascent = f->Ascent, x.descent = f->Descent, x.fallbackAdvance = f->FallbackAdvanceX;
        x.configPixels = f->ConfigData ? f->ConfigData->SizePixels : -1.0f;
        x.fallback = f->FallbackChar, x.ellipsis = f->EllipsisChar, x.dot = f->DotChar;
        x.fallbackIndex = f->FallbackGlyph ? static_cast<int>(f->FallbackGlyph - f->Glyphs.Data) : -1;
        x.glyphs.assign(f->Glyphs.begin(), f->Glyphs.end());
        x.advances.assign(f->IndexAdvanceX.begin(), f->IndexAdvanceX.end());
        x.lookup.assign(f->IndexLookup.begin(), f->IndexLookup.end());
        const char* text = "Jan\xE2\x80\x99s teacher \xE2\x80\x94 the DSL \xE2\x80\x94 noted the bruise: \xE2\x80\x9CI fell\xE2\x80\x9D, \xC3\xA9t\xC3\xA9 \xE2\x9C\x93";
        x.wrapped = f->CalcTextSizeA(f->FontSize, 120.0f, 120.0f, text);
        p.fonts.push_back(std::move(x));
        if (f == faces.body) p.bodyIndex = i;
        if (f == faces.title) p.titleIndex = i;
    }
    return p;
}

bool sameGlyph(const ImFontGlyph& a, const ImFontGlyph& b) {
    return a.Codepoint == b.Codepoint && a.Visible == b.Visible && a.Colored == b.Colored && a.AdvanceX == b.AdvanceX && a.X0 == b.X0 &&
           a.Y0 == b.Y0 && a.X1 == b.X1 && a.Y1 == b.Y1 && a.U0 == b.U0 && a.V0 == b.V0 && a.U1 == b.U1 && a.V1 == b.V1;
}

void expectSameAtlas(const AtlasPicture& built, const AtlasPicture& cached) {
    EXPECT_EQ(built.width, cached.width);
    EXPECT_EQ(built.height, cached.height);
    EXPECT_TRUE(built.pixels == cached.pixels) << "the texture's pixels differ";
    EXPECT_EQ(built.uvScale.x, cached.uvScale.x);
    EXPECT_EQ(built.white.x, cached.white.x);
    EXPECT_EQ(built.white.y, cached.white.y);
    for (size_t i = 0; i < built.lines.size() && i < cached.lines.size(); ++i) EXPECT_EQ(built.lines[i].z, cached.lines[i].z) << "line " << i;
    ASSERT_EQ(built.rects.size(), cached.rects.size());
    for (size_t i = 0; i < built.rects.size(); ++i) {
        EXPECT_EQ(built.rects[i].X, cached.rects[i].X);
        EXPECT_EQ(built.rects[i].Y, cached.rects[i].Y);
        EXPECT_EQ(built.rects[i].Width, cached.rects[i].Width);
    }
    EXPECT_EQ(built.bodyIndex, cached.bodyIndex);
    EXPECT_EQ(built.titleIndex, cached.titleIndex);
    ASSERT_EQ(built.fonts.size(), cached.fonts.size());
    for (size_t i = 0; i < built.fonts.size(); ++i) {
        const auto &a = built.fonts[i], &b = cached.fonts[i];
        SCOPED_TRACE("font " + std::to_string(i));
        EXPECT_EQ(a.size, b.size);
        EXPECT_EQ(a.ascent, b.ascent);
        EXPECT_EQ(a.descent, b.descent);
        EXPECT_EQ(a.configPixels, b.configPixels); // em() reads the face's config
        EXPECT_EQ(a.fallbackAdvance, b.fallbackAdvance);
        EXPECT_EQ(a.fallback, b.fallback);
        EXPECT_EQ(a.ellipsis, b.ellipsis);
        EXPECT_EQ(a.dot, b.dot);
        EXPECT_EQ(a.fallbackIndex, b.fallbackIndex);
        ASSERT_EQ(a.glyphs.size(), b.glyphs.size());
        for (size_t g = 0; g < a.glyphs.size(); ++g) EXPECT_TRUE(sameGlyph(a.glyphs[g], b.glyphs[g])) << "glyph " << g;
        EXPECT_TRUE(a.advances == b.advances);
        EXPECT_TRUE(a.lookup == b.lookup);
        EXPECT_EQ(a.wrapped.x, b.wrapped.x);
        EXPECT_EQ(a.wrapped.y, b.wrapped.y);
    }
}

class FontCacheTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (!fs::exists(platform::FontFiles{}.regular)) GTEST_SKIP() << "fonts-dejavu-core is not installed (tools/setup installs it)";
        dir = fs::temp_directory_path() / ("wp-font-cache-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                                           ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir);
        cache.dir = dir;
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }

    // loadFonts in a context of its own, as the app's start and a later start each have.
    AtlasPicture load(float scale, bool projector, float spacing, FontSource& source, const FontCache* with) {
        ImGuiContext* context = ImGui::CreateContext();
        const ui::UiFonts faces = platform::loadFonts(scale, projector, {}, {spacing}, with, &source);
        AtlasPicture p = picture(faces);
        ImGui::DestroyContext(context);
        return p;
    }

    std::vector<fs::path> entries() const {
        std::vector<fs::path> out;
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(dir, ec)) out.push_back(e.path());
        return out;
    }

    fs::path dir;
    FontCache cache;
};

TEST_F(FontCacheTest, AnAtlasFromTheCacheIsTheBuiltOne) {
    for (const auto& [scale, projector, spacing] : {std::tuple{1.0f, false, 1.0f}, std::tuple{1.5f, true, 1.5f}}) {
        SCOPED_TRACE("scale " + std::to_string(scale) + (projector ? ", projector faces" : "") + ", spacing " + std::to_string(spacing));
        FontSource first{}, second{}, uncached{};
        const AtlasPicture built = load(scale, projector, spacing, first, &cache);
        EXPECT_EQ(first, FontSource::Built);
        const AtlasPicture fromCache = load(scale, projector, spacing, second, &cache);
        EXPECT_EQ(second, FontSource::Cached);
        const AtlasPicture plain = load(scale, projector, spacing, uncached, nullptr);
        EXPECT_EQ(uncached, FontSource::Built);
        ASSERT_FALSE(built.pixels.empty());
        expectSameAtlas(built, fromCache);
        expectSameAtlas(plain, fromCache);
    }
    EXPECT_EQ(entries().size(), 2u) << "one entry for each set of faces";
}

TEST_F(FontCacheTest, OtherFacesAreBuiltNotReadFromAnotherEntry) {
    FontSource source{};
    (void)load(1.0f, false, 1.0f, source, &cache);
    ASSERT_EQ(source, FontSource::Built);
    (void)load(1.25f, false, 1.0f, source, &cache);
    EXPECT_EQ(source, FontSource::Built) << "another scale";
    (void)load(1.0f, true, 1.0f, source, &cache);
    EXPECT_EQ(source, FontSource::Built) << "with the projector's faces";
    (void)load(1.0f, false, 1.4f, source, &cache);
    EXPECT_EQ(source, FontSource::Built) << "another line spacing";
    // A little more space between lines: the glyphs stay where they were (the same configs), but the
    // body faces' lines are taller.
    const AtlasPicture tighter = load(1.0f, false, 1.0f, source, &cache);
    const AtlasPicture looser = load(1.0f, false, 1.1f, source, &cache);
    EXPECT_EQ(source, FontSource::Built) << "spacing 1.1";
    ASSERT_GE(tighter.bodyIndex, 0);
    EXPECT_LT(tighter.fonts[static_cast<size_t>(tighter.bodyIndex)].size, looser.fonts[static_cast<size_t>(looser.bodyIndex)].size);
    (void)load(1.25f, false, 1.0f, source, &cache);
    EXPECT_EQ(source, FontSource::Cached);
}

TEST_F(FontCacheTest, ADamagedOrCutEntryIsBuiltAfreshAndReplaced) {
    FontSource source{};
    const AtlasPicture built = load(1.0f, false, 1.0f, source, &cache);
    ASSERT_EQ(entries().size(), 1u);
    const fs::path file = entries().front();
    const auto size = fs::file_size(file);
    ASSERT_GT(size, 1000u);

    auto rewrite = [&file](const std::function<void(std::string&)>& change) {
        std::ifstream in(file, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        in.close();
        change(bytes);
        std::ofstream(file, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    };
    const std::vector<std::pair<const char*, std::function<void(std::string&)>>> damage = {
        {"one byte of the pixels changed", [](std::string& b) { b[b.size() - 100] ^= 0x5A; }},
        {"one byte near the start changed", [](std::string& b) { b[200] ^= 0x7F; }},
        {"cut in half", [](std::string& b) { b.resize(b.size() / 2); }},
        {"cut to the header", [](std::string& b) { b.resize(12); }},
        {"empty", [](std::string& b) { b.clear(); }},
        {"not an atlas", [](std::string& b) { b = "{\"format\": 1}"; }},
    };
    for (const auto& [what, change] : damage) {
        SCOPED_TRACE(what);
        rewrite(change);
        const AtlasPicture again = load(1.0f, false, 1.0f, source, &cache);
        EXPECT_EQ(source, FontSource::Built);
        expectSameAtlas(built, again);
        EXPECT_EQ(fs::file_size(file), size) << "the entry is written again";
        (void)load(1.0f, false, 1.0f, source, &cache);
        EXPECT_EQ(source, FontSource::Cached);
    }
}

TEST_F(FontCacheTest, OnlyTheLatestEntriesAreKept) {
    FontSource source{};
    for (int i = 0; i < 10; ++i) (void)load(1.0f + 0.125f * static_cast<float>(i), false, 1.0f, source, &cache);
    EXPECT_EQ(entries().size(), 8u);
    (void)load(1.0f + 0.125f * 9.0f, false, 1.0f, source, &cache);
    EXPECT_EQ(source, FontSource::Cached) << "the newest entry stays";
}

TEST_F(FontCacheTest, AReadOnlyCacheIsReadButNeverWritten) {
    FontCache readOnly{dir, false};
    FontSource source{};
    (void)load(1.0f, false, 1.0f, source, &readOnly);
    EXPECT_EQ(source, FontSource::Built);
    EXPECT_TRUE(entries().empty());
    (void)load(1.0f, false, 1.0f, source, &cache);
    ASSERT_EQ(entries().size(), 1u);
    (void)load(1.0f, false, 1.0f, source, &readOnly);
    EXPECT_EQ(source, FontSource::Cached);
}

TEST_F(FontCacheTest, ACacheThatCannotBeWrittenIsNoObstacle) {
    std::ofstream(dir.string()) << "a file where the cache's folder would be";
    FontSource source{};
    const ui::UiFonts faces = [&] {
        ImGuiContext* context = ImGui::CreateContext();
        ui::UiFonts f = platform::loadFonts(1.0f, false, {}, {}, &cache, &source);
        const bool built = ImGui::GetIO().Fonts->IsBuilt();
        ImGui::DestroyContext(context);
        EXPECT_TRUE(built);
        return f;
    }();
    EXPECT_EQ(source, FontSource::Built);
    EXPECT_NE(faces.body, nullptr);
    fs::remove(dir);
}

} // namespace
} // namespace wp::test
