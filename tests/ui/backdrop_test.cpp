// Backdrops (ui/backdrop.h): the large opaque rectangles of a screen reach the renderer as clears, not
// as triangles, in the order the windows are drawn, clipped to their windows; what they replace would
// otherwise be most of the pixels a software renderer fills each frame (tools/bench). And the frame
// digest (platform/frame_render.h) by which the projector window skips a picture it already shows.
#include <functional>
#include <string>
#include <vector>

#include "ui_harness.h"
#include "wholepicture/platform/frame_render.h"
#include "wholepicture/ui/backdrop.h"
#include "wholepicture/ui/widgets.h"

namespace wp::test {
namespace {

namespace Screen = app::Screen;

// Pixels covered by the frame's flat-coloured triangles (the font atlas's white pixel: rectangles,
// not text), each clipped to its command's clip rect by its bounding box.
double solidTriangleArea(const ImDrawData& data) {
    const ImVec2 white = ImGui::GetIO().Fonts->TexUvWhitePixel;
    double area = 0;
    for (int l = 0; l < data.CmdListsCount; ++l) {
        const ImDrawList* list = data.CmdLists[l];
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            if (cmd.UserCallback) continue;
            for (unsigned i = 0; i + 2 < cmd.ElemCount; i += 3) {
                const ImDrawVert* v[3];
                for (unsigned k = 0; k < 3; ++k) v[k] = &list->VtxBuffer[cmd.VtxOffset + list->IdxBuffer[cmd.IdxOffset + i + k]];
                if (v[0]->uv.x != white.x || v[0]->uv.y != white.y) continue;
                const double tri = std::abs((v[1]->pos.x - v[0]->pos.x) * (v[2]->pos.y - v[0]->pos.y) -
                                            (v[2]->pos.x - v[0]->pos.x) * (v[1]->pos.y - v[0]->pos.y)) / 2;
                const float x0 = std::min({v[0]->pos.x, v[1]->pos.x, v[2]->pos.x}), x1 = std::max({v[0]->pos.x, v[1]->pos.x, v[2]->pos.x});
                const float y0 = std::min({v[0]->pos.y, v[1]->pos.y, v[2]->pos.y}), y1 = std::max({v[0]->pos.y, v[1]->pos.y, v[2]->pos.y});
                const double box = double(x1 - x0) * (y1 - y0);
                const double inside = double(std::max(0.f, std::min(x1, cmd.ClipRect.z) - std::max(x0, cmd.ClipRect.x))) *
                                      std::max(0.f, std::min(y1, cmd.ClipRect.w) - std::max(y0, cmd.ClipRect.y));
                if (box > 0) area += tri * inside / box;
            }
        }
    }
    return area;
}

double backdropArea(const std::vector<ui::Backdrop>& backdrops) {
    double area = 0;
    for (const auto& b : backdrops) area += double(b.max.x - b.min.x) * (b.max.y - b.min.y);
    return area;
}

class BackdropTest : public UiHarness {
protected:
    void SetUp() override {
        UiHarness::SetUp();
        loadLibrary();
    }
    void TearDown() override {
        ui::setBackdropsEnabled(true);
        UiHarness::TearDown();
    }

    // The next frame's triangles and backdrops, taken as the renderer takes them.
    std::pair<double, std::vector<ui::Backdrop>> measureFrame() {
        frame();
        const ImDrawData& data = *ImGui::GetDrawData();
        return {solidTriangleArea(data), ui::takeBackdrops(data)};
    }

    void openJamesPlay() {
        ASSERT_TRUE(app::applyCommand(model, ui::OpenPlugin{"james"}, ++clockMs));
        ASSERT_TRUE(app::applyCommand(model, ui::SelectRole{"dsl"}, ++clockMs));
        ASSERT_TRUE(app::applyCommand(model, ui::StartSession{}, ++clockMs));
        ui.playSideTab = 0; // the case file (the map is a texture in the app; here, without GL, triangles)
        frames(3);
    }
};

constexpr double kScreen = 1600.0 * 900.0;

TEST_F(BackdropTest, TheLibraryAndThePlayScreenFillTheirLargeAreasByClearsNotTriangles) {
    frames(3);
    ASSERT_EQ(model.screen, Screen::Library);
    auto [libraryTriangles, libraryBackdrops] = measureFrame();
    // The header bar and the cards' bodies: about a third of the screen, and almost no flat triangles.
    EXPECT_GT(backdropArea(libraryBackdrops), 0.3 * kScreen);
    EXPECT_LT(libraryTriangles, 0.06 * kScreen);

    openJamesPlay();
    ASSERT_EQ(model.screen, Screen::Play);
    auto [playTriangles, playBackdrops] = measureFrame();
    // The header and footer bars, the side panel and the cards: a good third of the screen.
    EXPECT_GT(backdropArea(playBackdrops), 0.25 * kScreen);
    EXPECT_LT(playTriangles, 0.08 * kScreen);

    // Turned off, the same screen fills the same areas with triangles (what the renderer did before).
    ui::setBackdropsEnabled(false);
    auto [offTriangles, offBackdrops] = measureFrame();
    EXPECT_TRUE(offBackdrops.empty());
    EXPECT_GT(offTriangles, playTriangles + 0.9 * backdropArea(playBackdrops));
}

TEST_F(BackdropTest, AreClippedToTheirWindowAndOrderedByTheWindowsDrawOrder) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(400, 300));
    ImGui::Begin("parent", nullptr, ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoSavedSettings);
    ImGui::BeginChild("child", ImVec2(200, 100), false);
    const ImDrawList* childList = ImGui::GetWindowDrawList();
    const ImVec2 c = ImGui::GetWindowPos();
    const ImVec2 clipMin = childList->GetClipRectMin(), clipMax = childList->GetClipRectMax();
    ui::fillBackdrop(ImVec2(c.x - 50, c.y + 10), ImVec2(c.x + 500, c.y + 20), ImVec4(1, 0, 0, 1));  // wider than the child
    ui::fillBackdrop(ImVec2(c.x, c.y + 400), ImVec2(c.x + 50, c.y + 450), ImVec4(0, 1, 0, 1));     // below it: nothing
    ui::fillBackdrop(ImVec2(c.x, c.y), ImVec2(c.x + 50, c.y + 50), ImVec4(0, 0, 1, 0.5f));         // translucent: triangles
    ImGui::EndChild();
    const ImDrawList* parentList = ImGui::GetWindowDrawList();
    ui::fillBackdrop(ImVec2(0, 0), ImVec2(400, 300), ImVec4(0, 0, 0, 1)); // filled after the child, drawn before it
    ImGui::End();
    ImGui::Render();
    const std::vector<ui::Backdrop> taken = ui::takeBackdrops(*ImGui::GetDrawData());
    ASSERT_EQ(taken.size(), 2u);
    EXPECT_EQ(taken[0].list, parentList) << "the parent's backdrop is cleared first: its window is drawn first";
    EXPECT_EQ(taken[1].list, childList);
    EXPECT_EQ(taken[1].min.x, clipMin.x);
    EXPECT_EQ(taken[1].max.x, clipMax.x);
    EXPECT_FLOAT_EQ(taken[1].min.y, std::max(c.y + 10, clipMin.y));
    EXPECT_LT(clipMax.x, c.x + 500) << "the child's clip rect is narrower than the fill";
    EXPECT_TRUE(ui::takeBackdrops(*ImGui::GetDrawData()).empty()) << "taken once";
}

TEST_F(BackdropTest, ARoundedBackdropClearsACrossAndDrawsOnlyItsFourCorners) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(400, 300));
    ImGui::Begin("host", nullptr, ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoSavedSettings);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const int before = dl->VtxBuffer.Size;
    ui::fillBackdrop(ImVec2(50, 50), ImVec2(250, 150), ImVec4(0.2f, 0.2f, 0.3f, 1), 8.0f);
    const int corners = dl->VtxBuffer.Size - before;
    ImGui::End();
    ImGui::Render();
    const std::vector<ui::Backdrop> taken = ui::takeBackdrops(*ImGui::GetDrawData());
    ASSERT_EQ(taken.size(), 3u); // the middle from top to bottom, then the left and right edges
    EXPECT_DOUBLE_EQ(backdropArea(taken), 200.0 * 100.0 - 4 * 8.0 * 8.0);
    EXPECT_GT(corners, 0);
    EXPECT_LT(corners, 100) << "only the corners are triangles";
}

// An opaque map copied over a panel's backdrop: the backdrop leaves out the map's visible part (its
// pixels were filled twice), and keeps all the rest around it.
TEST_F(BackdropTest, WhatAnOpaqueCopyCoversIsLeftOutOfTheBackdropBeneath) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(800, 600));
    ImGui::Begin("panel", nullptr, ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoDecoration);
    ui::fillBackdrop(ImVec2(0, 0), ImVec2(800, 600), ImVec4(0.2f, 0.2f, 0.3f, 1));
    ImGui::TextUnformatted("Who is sharing with whom"); // a window with nothing drawn is not rendered
    ImGui::PushClipRect(ImVec2(0, 0), ImVec2(800, 500), true); // the map's lower part is scrolled out of view
    ui::excludeFromBackdrops(ImVec2(100, 200), ImVec2(700, 550));
    ImGui::PopClipRect();
    ImGui::End();
    ImGui::Render();
    const std::vector<ui::Backdrop> taken = ui::takeBackdrops(*ImGui::GetDrawData());
    EXPECT_DOUBLE_EQ(backdropArea(taken), 800.0 * 600.0 - 600.0 * 300.0) << "only the visible part of the copy is left out";
    for (const auto& b : taken) {
        const bool inHole = b.min.x < 700 && b.max.x > 100 && b.min.y < 500 && b.max.y > 200;
        EXPECT_FALSE(inHole) << b.min.x << "," << b.min.y << " - " << b.max.x << "," << b.max.y;
    }
}

// A text box's frame (a reflection, an author's field) is cleared as a backdrop exactly where ImGui puts
// the box, with only its rounded corners as triangles; where a clear could not lie beneath the box, ImGui
// fills the frame as before.
TEST_F(BackdropTest, ATextBoxFrameIsClearedExactlyWhereTheBoxIsAndOnlyWhereNothingLiesBeneathIt) {
    const ImVec2 white = ImGui::GetIO().Fonts->TexUvWhitePixel;
    const ImU32 frameColour = ImGui::GetColorU32(ImGuiCol_FrameBg);
    // The area of the frame colour's own triangles in the frame just rendered.
    auto frameColourArea = [&] {
        const ImDrawData& data = *ImGui::GetDrawData();
        double area = 0;
        for (int l = 0; l < data.CmdListsCount; ++l) {
            const ImDrawList* list = data.CmdLists[l];
            for (unsigned i = 0; i + 2 < static_cast<unsigned>(list->IdxBuffer.Size); i += 3) {
                const ImDrawVert& a = list->VtxBuffer[list->IdxBuffer[i]];
                const ImDrawVert& b = list->VtxBuffer[list->IdxBuffer[i + 1]];
                const ImDrawVert& c = list->VtxBuffer[list->IdxBuffer[i + 2]];
                if (a.col != frameColour || a.uv.x != white.x || a.uv.y != white.y) continue;
                area += std::abs((b.pos.x - a.pos.x) * (c.pos.y - a.pos.y) - (c.pos.x - a.pos.x) * (b.pos.y - a.pos.y)) / 2;
            }
        }
        return area;
    };
    auto bounds = [](const std::vector<ui::Backdrop>& taken) {
        ImVec2 min(1e9f, 1e9f), max(-1e9f, -1e9f);
        for (const auto& b : taken) {
            min = ImVec2(std::min(min.x, b.min.x), std::min(min.y, b.min.y));
            max = ImVec2(std::max(max.x, b.max.x), std::max(max.y, b.max.y));
        }
        return std::pair{min, max};
    };
    const float r = ImGui::GetStyle().FrameRounding;
    ASSERT_GE(r, 1.0f);
    std::string reflection = "A first line", folder = "/tmp/reports";
    // One frame of `content` in a window with no background, rendered; its backdrops are left to take.
    auto render = [](const std::function<void()>& content) {
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(800, 600));
        ImGui::Begin("host", nullptr, ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoDecoration);
        content();
        ImGui::End();
        ImGui::Render();
    };
    // Where ImGui fills the frame itself: no backdrop, and the frame's colour as triangles.
    auto expectFilledByImGui = [&](const char* where, const std::function<void()>& content) {
        SCOPED_TRACE(where);
        render(content);
        EXPECT_TRUE(ui::takeBackdrops(*ImGui::GetDrawData()).empty());
        EXPECT_GT(frameColourArea(), 1000.0) << "ImGui fills the frame";
    };

    for (const bool multiline : {true, false}) {
        SCOPED_TRACE(multiline ? "a box of several lines" : "a box of one line");
        ImVec2 itemMin, itemMax;
        render([&] {
            if (multiline) (void)ui::inputTextMultiline("##reflection", &reflection, ImVec2(400, 120));
            else (void)ui::inputText("##folder", &folder);
            itemMin = ImGui::GetItemRectMin(), itemMax = ImGui::GetItemRectMax();
        });
        const std::vector<ui::Backdrop> taken = ui::takeBackdrops(*ImGui::GetDrawData());
        ASSERT_FALSE(taken.empty());
        const auto [min, max] = bounds(taken);
        EXPECT_EQ(min.x, itemMin.x);
        EXPECT_EQ(min.y, itemMin.y);
        EXPECT_EQ(max.x, itemMax.x);
        EXPECT_EQ(max.y, itemMax.y);
        const double box = double(itemMax.x - itemMin.x) * (itemMax.y - itemMin.y);
        EXPECT_DOUBLE_EQ(backdropArea(taken), box - 4.0 * r * r) << "all but the four rounded corners";
        EXPECT_LT(frameColourArea(), 4.0 * (r + 1) * (r + 1)) << "only the corners are triangles";
    }

    expectFilledByImGui("a visible label: the item is wider than its frame", [&] { (void)ui::inputText("Folder", &folder); });
    // A card fills its backdrop after its content, over the box's; its own backdrop is three clears.
    render([&] {
        const ui::Card card = ui::beginCard(ui, 500, ui.palette.surfaceHover, ui.palette.border);
        (void)ui::inputText("##in-card", &folder);
        ui::endCard(card);
    });
    EXPECT_EQ(ui::takeBackdrops(*ImGui::GetDrawData()).size(), 3u) << "only the card's own: its middle and two edges";
    EXPECT_GT(frameColourArea(), 1000.0) << "ImGui fills the box's frame in a card";
    auto inTooltip = [&] {
        ImGui::BeginTooltip();
        (void)ui::inputText("##in-tooltip", &folder);
        ImGui::EndTooltip();
    };
    render(inTooltip); // a window that fits its content is shown from its second frame
    expectFilledByImGui("a window with a background of its own (a tooltip), which would cover the clear", inTooltip);
    // A disabled box is drawn faded, which a clear cannot do.
    render([&] {
        ImGui::BeginDisabled();
        (void)ui::inputText("##disabled", &folder);
        ImGui::EndDisabled();
    });
    EXPECT_TRUE(ui::takeBackdrops(*ImGui::GetDrawData()).empty());
}

TEST_F(BackdropTest, AFrameNobodyRendersLeavesNothingForTheNext) {
    for (int i = 0; i < 3; ++i) frame(); // the library's backdrops, never taken
    ImGui::NewFrame();
    ImGui::Render();
    EXPECT_TRUE(ui::takeBackdrops(*ImGui::GetDrawData()).empty());
}

TEST_F(BackdropTest, TheSameFrameHasTheSameDigestAndAChangedOneAnother) {
    frames(3);
    auto digestOfNextFrame = [&] {
        frame();
        const ImDrawData& data = *ImGui::GetDrawData();
        return platform::frameDigest(data, ui::takeBackdrops(data), 1600, 900, ui.palette.background);
    };
    const std::uint64_t first = digestOfNextFrame();
    EXPECT_EQ(digestOfNextFrame(), first) << "nothing changed";
    const ImDrawData& data = *ImGui::GetDrawData();
    EXPECT_NE(platform::frameDigest(data, {}, 1280, 720, ui.palette.background), first) << "another size";
    ImGui::GetIO().MousePos = probes.at("library/open/peter").centre(); // a hovered button changes colour
    frame();
    EXPECT_NE(digestOfNextFrame(), first);
}

} // namespace
} // namespace wp::test
