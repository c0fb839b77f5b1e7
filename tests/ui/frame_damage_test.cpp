// Where a frame differs from the one before (platform/frame_damage.h), the part of the kept frame
// that needs no GL: an unchanged frame is no damage at all, a timer's digits are a small rectangle
// where they are, and anything the comparison cannot follow is the whole frame. (That the pixels of a
// partial frame equal the frame drawn whole is checked on real GL by WP_DAMAGE=check in the visual
// tests.)
#include <string>

#include "ui_harness.h"
#include "wholepicture/platform/frame_damage.h"
#include "wholepicture/platform/frame_render.h"

namespace wp::test {
namespace {

class FrameDamageTest : public UiHarness {
protected:
    // A frame of its own: a window at a fixed place with one line of text (and another window if asked).
    const ImDrawData& frameWith(const std::string& text, bool secondWindow = false) {
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(100, 100));
        ImGui::SetNextWindowSize(ImVec2(400, 200));
        ImGui::Begin("##timer", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
        ImGui::TextUnformatted("Voting closes in");
        ImGui::TextUnformatted(text.c_str());
        textRect = ImVec4(ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y, ImGui::GetItemRectMax().x,
                          ImGui::GetItemRectMax().y);
        ImGui::End();
        if (secondWindow) {
            ImGui::SetNextWindowPos(ImVec2(700, 500));
            ImGui::SetNextWindowSize(ImVec2(300, 100)); // sized: shown on its first frame
            ImGui::Begin("##other", nullptr, ImGuiWindowFlags_NoSavedSettings);
            ImGui::TextUnformatted("A tooltip-like window");
            ImGui::End();
        }
        ImGui::Render();
        return *ImGui::GetDrawData();
    }
    platform::FrameDamage advance(const ImDrawData& data, const std::vector<ui::Backdrop>& backdrops = {},
                                  std::uint64_t textures = 0) {
        return history.advance(data, backdrops, 1600, 900, ImVec4(0, 0, 0, 1), textures);
    }
    platform::FrameHistory history;
    ImVec4 textRect;
};

TEST_F(FrameDamageTest, TheFirstFrameIsWholeAndTheSameFrameAgainIsNothing) {
    EXPECT_TRUE(advance(frameWith("2:00")).full);
    const platform::FrameDamage again = advance(frameWith("2:00"));
    EXPECT_FALSE(again.full);
    EXPECT_TRUE(again.rects.empty()) << "nothing to draw, nothing to copy";
}

TEST_F(FrameDamageTest, ATimersNewDigitsAreASmallRectangleWhereTheyAre) {
    (void)advance(frameWith("1:59"));
    const platform::FrameDamage d = advance(frameWith("1:58"));
    ASSERT_FALSE(d.full);
    ASSERT_EQ(d.rects.size(), 1u);
    const platform::PixelRect& r = d.rects.front();
    // Within the line of digits (widened by two pixels for antialiasing), and only its last digit.
    EXPECT_GE(r.x0, textRect.x - 3);
    EXPECT_GE(r.y0, textRect.y - 3) << "not the line above";
    EXPECT_LE(r.x1, textRect.z + 3);
    EXPECT_LE(r.y1, textRect.w + 3);
    EXPECT_GT(r.x0, textRect.x + (textRect.z - textRect.x) * 0.5f) << "the minutes did not change";
    EXPECT_LT(r.area(), 40 * 40) << "a digit, not the window";
}

TEST_F(FrameDamageTest, WhatItCannotFollowIsTheWholeFrame) {
    (void)advance(frameWith("1:59"));
    EXPECT_TRUE(advance(frameWith("1:59", true)).full) << "another window: other lists";
    EXPECT_TRUE(advance(frameWith("1:59")).full) << "and back";
    EXPECT_TRUE(advance(frameWith("1:59 and more")).full) << "more vertices";
    EXPECT_TRUE(advance(frameWith("1:59 and more"), {}, 1).full) << "a texture was drawn";
    history.forget();
    EXPECT_TRUE(advance(frameWith("1:59 and more"), {}, 1).full) << "the kept pixels are gone";
    EXPECT_TRUE(history.advance(frameWith("1:59 and more"), {}, 1280, 720, ImVec4(0, 0, 0, 1), 1).full)
        << "another size";
}

TEST_F(FrameDamageTest, AMovedBackdropDamagesWhereItWasAndWhereItIs) {
    const ui::Backdrop at{ImVec2(0, 800), ImVec2(1600, 860), ImVec4(0.2f, 0.2f, 0.2f, 1), nullptr};
    ui::Backdrop moved = at;
    moved.min.y = 780;
    (void)advance(frameWith("1:59"), {at});
    const platform::FrameDamage d = advance(frameWith("1:59"), {moved});
    ASSERT_FALSE(d.full);
    ASSERT_EQ(d.rects.size(), 1u) << "the two overlap: one rectangle";
    EXPECT_LE(d.rects[0].y0, 780);
    EXPECT_GE(d.rects[0].y1, 860);
}

// The app's own screens: the library drawn twice is nothing to redraw (a frame that differs in some
// stray vertex would redraw every time), and a hovered button is a rectangle around that button.
TEST_F(FrameDamageTest, TheLibraryAgainIsNothingAndAHoveredButtonIsItsOwnRectangle) {
    loadLibrary();
    frames(3);
    (void)advance(*ImGui::GetDrawData());
    frame();
    const platform::FrameDamage same = advance(*ImGui::GetDrawData());
    EXPECT_FALSE(same.full);
    EXPECT_TRUE(same.rects.empty());
    const ui::ProbeRect button = probes.at("library/open/peter");
    ImGui::GetIO().MousePos = button.centre();
    frame();
    const platform::FrameDamage hover = advance(*ImGui::GetDrawData());
    if (hover.full) GTEST_SKIP() << "the hover added a window (a tooltip): drawn whole";
    ASSERT_FALSE(hover.rects.empty());
    long long area = 0;
    bool covers = false;
    for (const auto& r : hover.rects) {
        area += r.area();
        covers =
            covers || (r.x0 <= button.min.x && r.y0 <= button.min.y && r.x1 >= button.max.x && r.y1 >= button.max.y);
    }
    EXPECT_TRUE(covers) << "the button's new colour";
    EXPECT_LT(area, 1600LL * 900 / 10) << "a small part of the window";
}

} // namespace
} // namespace wp::test
