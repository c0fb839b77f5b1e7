// The draw-data text capture (draw_text_capture.h) reads back what ImGui rendered, whatever call drew
// it: plain, wrapped and coloured text, buttons, a table, a child window, a tooltip, a popup, text drawn
// in two parts, text clipped by a narrow window and text cut with an ellipsis, in two fonts.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include "draw_text_capture.h"

namespace wp::test {
namespace {

class DrawTextCapture : public ::testing::Test {
protected:
    void SetUp() override {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(1280, 720);
        io.DeltaTime = 1.0f / 60.0f;
        static const ImWchar ranges[] = {0x0020, 0x00FF, 0x2010, 0x2027, 0};
        const std::string regular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
        const std::string bold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
        if (std::filesystem::exists(regular) && std::filesystem::exists(bold)) {
            body = io.Fonts->AddFontFromFileTTF(regular.c_str(), 18.0f, nullptr, ranges);
            second = io.Fonts->AddFontFromFileTTF(bold.c_str(), 30.0f, nullptr, ranges);
            dejavu = true;
        } else {
            body = io.Fonts->AddFontDefault();
            ImFontConfig big;
            big.SizePixels = 26.0f;
            second = io.Fonts->AddFontDefault(&big);
        }
        unsigned char* px = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
    }
    void TearDown() override { ImGui::DestroyContext(); }

    // Runs `draw` inside a window for a few frames (so tooltips, popups and auto-sized windows settle)
    // and returns what the last frame rendered.
    template <class F> CapturedText render(F draw) {
        for (int i = 0; i < 3; ++i) {
            ImGui::NewFrame();
            ImGui::SetNextWindowPos(ImVec2(0, 0));
            ImGui::SetNextWindowSize(ImVec2(900, 700));
            ImGui::Begin("capture", nullptr, ImGuiWindowFlags_NoDecoration);
            draw(i);
            ImGui::End();
            ImGui::Render();
        }
        return captureRenderedText();
    }
    static bool has(const CapturedText& c, const std::string& s) { return c.all.find(normaliseForCapture(s)) != std::string::npos; }

    ImFont* body = nullptr;
    ImFont* second = nullptr;
    bool dejavu = false;
};

TEST_F(DrawTextCapture, NormalisingDropsWhitespaceAndMapsMissingGlyphsToTheFallback) {
    EXPECT_EQ(normaliseForCapture("  a b\tc\nd  "), "abcd");
    const std::string missing = normaliseForCapture("x\xE4\xB8\xAD" "y"); // U+4E2D is not in the atlas
    std::string fallback;
    appendUtf8(fallback, body->FallbackGlyph->Codepoint);
    EXPECT_EQ(missing, "x" + fallback + "y");
    if (dejavu) {
        EXPECT_EQ(normaliseForCapture("\xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x80\xA6"), "\xE2\x80\x9Cquoted\xE2\x80\x9D\xE2\x80\xA6");
    }
}

TEST_F(DrawTextCapture, DecodesEveryCallThatDrawsText) {
    const std::string wrapped = "A wrapped paragraph long enough to run over several lines of a narrow column of text";
    const std::string clipped = "CLIPSTART a line far too long for its narrow child window CLIPEND";
    const std::string ellipsis = "ELLIPSISSTART of a label cut short with an ellipsis ELLIPSISEND";
    const CapturedText c = render([&](int) {
        ImGui::Text("Formatted %d and %s", 42, "a string");
        ImGui::TextUnformatted("Plain unformatted text");
        ImGui::TextColored(ImVec4(1, 0, 0, 1), "Coloured text");
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 160.0f);
        ImGui::TextWrapped("%s", wrapped.c_str());
        ImGui::PopTextWrapPos();
        ImGui::Button("A button label");
        ImGui::BulletText("Bulleted text");
        ImGui::TextUnformatted("First half of a split sentence,");
        ImGui::SameLine();
        ImGui::TextUnformatted("and its second half.");
        ImGui::PushFont(second);
        ImGui::TextUnformatted("Text in the second font");
        ImGui::PopFont();
        if (ImGui::BeginTable("table", 2)) {
            ImGui::TableNextColumn();
            ImGui::TextUnformatted("Cell one");
            ImGui::TableNextColumn();
            ImGui::TextUnformatted("Cell two");
            ImGui::EndTable();
        }
        ImGui::BeginChild("narrow", ImVec2(150, 60), true);
        ImGui::TextUnformatted("Inside a child");
        ImGui::TextUnformatted(clipped.c_str());
        ImGui::EndChild();
        const ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::RenderTextEllipsis(ImGui::GetWindowDrawList(), p, ImVec2(p.x + 200, p.y + 30), p.x + 200, p.x + 200,
                                  ellipsis.c_str(), nullptr, nullptr);
        ImGui::Dummy(ImVec2(200, 30));
        ImGui::BeginTooltip();
        ImGui::TextUnformatted("Tooltip text");
        ImGui::EndTooltip();
        ImGui::OpenPopup("popup");
        if (ImGui::BeginPopup("popup")) {
            ImGui::TextUnformatted("Popup text");
            ImGui::EndPopup();
        }
        ImGui::GetForegroundDrawList()->AddText(ImVec2(10, 680), IM_COL32_WHITE, "Foreground list text");
    });
    for (const char* s : {"Formatted 42 and a string", "Plain unformatted text", "Coloured text", "A button label",
                          "Bulleted text", "First half of a split sentence, and its second half.", "Text in the second font",
                          "Cell one", "Cell two", "Inside a child", "Tooltip text", "Popup text", "Foreground list text"})
        EXPECT_TRUE(has(c, s)) << "not captured: " << s << "\ncaptured: " << c.all;
    EXPECT_TRUE(has(c, wrapped)) << "a wrapped paragraph reads back whole (only the spaces go)";
    EXPECT_TRUE(has(c, "CLIPSTART")) << c.all;
    EXPECT_FALSE(has(c, "CLIPEND")) << "what the narrow child clips off is not rendered";
    EXPECT_TRUE(has(c, "ELLIPSISSTART")) << c.all;
    EXPECT_FALSE(has(c, "ELLIPSISEND"));
    EXPECT_EQ(c.unknownQuads, 0);
    bool tooltipList = false;
    for (const auto& l : c.lists)
        if (l.owner.find("Tooltip") != std::string::npos && l.text.find("Tooltiptext") != std::string::npos) tooltipList = true;
    EXPECT_TRUE(tooltipList) << "the tooltip is its own window, after the one that opened it";
}

TEST_F(DrawTextCapture, DecodesPunctuationAndScaledText) {
    if (!dejavu) GTEST_SKIP() << "fonts-dejavu-core missing: the built-in font has no curly quotes";
    const std::string s = "Caf\xC3\xA9 \xE2\x80\x93 \xE2\x80\x9Cquoted\xE2\x80\x9D \xC2\xB7 and so on\xE2\x80\xA6";
    const CapturedText c = render([&](int) {
        ImGui::SetWindowFontScale(0.7f);
        ImGui::TextUnformatted(s.c_str());
        ImGui::SetWindowFontScale(1.0f);
    });
    EXPECT_EQ(c.all, normaliseForCapture(s));
}

} // namespace
} // namespace wp::test
