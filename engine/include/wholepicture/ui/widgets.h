// Small drawing helpers shared by the views. Everything is sized in em (multiples of the font size)
// so the UI scales cleanly for projectors.
#pragma once
#include <map>
#include <span>
#include <string>

#include <imgui.h>

#include "wholepicture/core/knowledge.h"
#include "wholepicture/ui/ui_state.h"

namespace wp::ui {

// [SECTION] Sizes
[[nodiscard]] float em(float n = 1.0f);
[[nodiscard]] ImVec2 em2(float x, float y);

// A centred column of readable width inside the current window (Indent + wrap position); text
// lines longer than ~75 characters are hard to read, on a laptop or a projector.
struct Column {
    float width = 0;
    float indent = 0;
};
[[nodiscard]] Column beginColumn(float maxWidthEm);
void endColumn(const Column& column);

// [SECTION] Keys
// - ImGui 1.86 IsKeyPressed() takes the backend's key index, not an ImGuiKey: IsKeyPressed(ImGuiKey_Escape)
//   compiles but tests the wrong key. All key checks go through these helpers.
// - Keys without an ImGuiKey in 1.86 (digits, '=' and '-') use GLFW key codes, which is what the GLFW
//   backend (and the test fixture) store in io.KeysDown.
inline constexpr int kKeyDigit0 = 48;     // GLFW_KEY_0 .. GLFW_KEY_9 are ASCII
inline constexpr int kKeyPadDigit0 = 320; // GLFW_KEY_KP_0 .. GLFW_KEY_KP_9
inline constexpr int kKeyEqual = 61;      // GLFW_KEY_EQUAL
inline constexpr int kKeyMinus = 45;      // GLFW_KEY_MINUS
inline constexpr int kKeyPadAdd = 334;    // GLFW_KEY_KP_ADD
inline constexpr int kKeyPadSubtract = 333; // GLFW_KEY_KP_SUBTRACT

[[nodiscard]] bool keyPressed(ImGuiKey key, bool repeat = false);
[[nodiscard]] bool rawKeyPressed(int backendKey, bool repeat = false);
// 1..9 when a digit key (main row or keypad) went down this frame, else 0.
[[nodiscard]] int digitPressed();
// True when keyboard shortcuts should act (no text field is being edited).
[[nodiscard]] bool shortcutsAllowed();
// Inside a scrolling pane (between BeginChild and EndChild): PageUp/PageDown scroll it by a page,
// Home/End to the top/bottom, when the keyboard focus is in this pane, or when it is the screen's
// `primary` pane and the focus is in no other scrolling pane. One pane per frame takes the keys.
void keyboardScroll(bool primary);

// A "Go to" row of links at the top of a long pane, and the points they scroll to: a keyboard user
// reaches a part below the fold in one Tab and Enter (and Tab's next stop is below the fold too).
struct JumpAnchor {
    const char* id;
    const char* label;
};
void drawJumpRow(UiState& ui, std::span<const JumpAnchor> anchors, const char* probePrefix, const char* paneName);
// Scrolls so this point is at the top, once, when it is the requested jump (ui.paneJump).
void jumpAnchor(UiState& ui, const char* id);
// The hint of the item just drawn: on mouse hover at the mouse; on keyboard focus ABOVE the item, so
// it never covers the controls next to or below it (UX review defect 19).
void itemTooltip(const char* text);
// True when the item just drawn has the keyboard focus ring.
[[nodiscard]] bool itemKeyboardFocused();
// A row of a list or a combo's choices (ImGui::Selectable) that says what it is when focused:
// "label, list item, selected." Every list in the app goes through it, so a listener hears each row.
bool listItem(const char* label, bool selected = false);

// [SECTION] Text fields: every text field in the app goes through these.
// - Esc leaves the field and KEEPS the text. ImGui 1.86 InputText reverts to the text the edit began
//   with on Esc, which erased a whole reflection and autosaved the empty box (UX review defect 1).
// - That Esc is taken for the rest of the frame: keyPressed(ImGuiKey_Escape) is false, so leaving a
//   field never also leaves the screen.
// - Leaving by Esc is a deactivation like any other (ImGui::IsItemDeactivated() is true after the call).
bool inputText(const char* label, std::string* text, ImGuiInputTextFlags flags = 0);
bool inputTextWithHint(const char* label, const char* hint, std::string* text, ImGuiInputTextFlags flags = 0);
bool inputTextMultiline(const char* label, std::string* text, const ImVec2& size, ImGuiInputTextFlags flags = 0);
// A multi-line box whose lines wrap at its width as you type (1.86 has no word wrap in InputText: long
// lines scrolled sideways and hid their start, UX review defect 7). The space before the word that
// would cross the edge becomes a line break, in the text itself.
bool inputTextMultilineWrapped(const char* label, std::string* text, const ImVec2& size);
// The wrapping rule on its own: breaks lines of `text` wider than `width` (as `measure` says) at their
// last space that fits; true if it changed anything.
bool wrapLinesAtSpaces(std::string& text, float width, float (*measure)(const char* begin, const char* end));
// With +/- buttons (step > 0): Esc keeps the number typed so far.
bool inputInt(const char* label, int* value, int step, int stepFast);

// [SECTION] Colours
[[nodiscard]] ImVec4 colourFromHex(const std::string& hex, ImVec4 fallback);
// Black or white, whichever contrasts more with `bg`.
[[nodiscard]] ImVec4 readableOn(const ImVec4& bg);
[[nodiscard]] ImVec4 withAlpha(ImVec4 c, float a);

// [SECTION] Text
void pushFont(ImFont* font); // nullptr-safe
void popFont(ImFont* font);
// Wrapped text (no printf formatting, so '%' in content is safe), optionally coloured.
void textBlock(const std::string& text);
void textBlock(const std::string& text, const ImVec4& colour);
void textBlock(ImFont* font, const std::string& text, const ImVec4& colour);
// A bulleted paragraph whose wrapped lines hang under the first.
void bulletBlock(const std::string& text);
// textBlock with the glossary's terms (core/glossary_match.h) underlined with dots and explained in a
// tooltip on hover; the Glossary screen has them all. Plain textBlock when no term is named.
void glossaryTextBlock(const UiState& ui, const KnowledgeBase& kb, const std::string& text);
// A section header: muted bold label followed by a rule to the end of the line (SeparatorText is 1.89.4+).
void sectionHeader(const UiState& ui, const char* label);
// Upper-case muted label ("SPRING 2003 · STAGE 1").
void eyebrow(const UiState& ui, const std::string& text);

// [SECTION] Chips and badges (inline items; use ImGui::SameLine() between them)
void chip(const std::string& text, const ImVec4& bg, const ImVec4& fg, ImFont* font = nullptr);
// Outline badge in a text colour (complexity, minutes, "NEW").
void badge(const UiState& ui, const std::string& text, const ImVec4& colour);
// A role chip coloured by the role's agency colour from the knowledge base.
void roleChip(const UiState& ui, const KnowledgeBase& kb, const std::string& roleId, bool longName = false);
// "+2 Information sharing" / "-1 Timeliness": sign and text, not colour alone.
void scoreDeltaChip(const UiState& ui, const std::string& label, int delta);
// The band colour for a position on the worst-to-best scale (success, accent or danger).
[[nodiscard]] ImVec4 bandColour(const UiState& ui, double fraction);
// A bar whose track spans worst..best; the fill reaches `fraction` in its band colour (or `colour`);
// a tick marks zero when the worst path goes below it. Put the numbers beside it: colour is never
// the only cue.
void scoreBar(const UiState& ui, double fraction, int worst, int best, float width, const ImVec4* colour = nullptr);
// One chip per non-zero score change, named from the knowledge base, wrapping before `rightEdge`.
void scoreDeltaChips(const UiState& ui, const KnowledgeBase& kb, const std::map<std::string, int>& deltas, float rightEdge);

// [SECTION] Buttons
bool primaryButton(const UiState& ui, const char* label, ImVec2 size = {0, 0});
bool secondaryButton(const UiState& ui, const char* label, ImVec2 size = {0, 0});

// [SECTION] Footer bar: the screen's main actions, always visible at the bottom of the window.
[[nodiscard]] float footerBarHeight();
[[nodiscard]] float footerButtonHeight();
struct FooterBar {
    ImVec2 origin;
    float width = 0;
    float height = 0;
    float padX = 0;
    float buttonY = 0; // screen y for buttons of footerButtonHeight()
};
// Draws the bar's background over the rest of the current window and returns its geometry.
[[nodiscard]] FooterBar drawFooterBar(const UiState& ui);

// [SECTION] Cards: a padded panel with a background drawn behind its content (channel split, so the
// height follows the content; ImGuiChildFlags_AutoResizeY is 1.90+). Cards do not nest.
struct Card {
    ImVec2 origin;
    float width = 0;
    float padding = 0;
    ImVec4 bg;
    ImVec4 border;
    float borderWidth = 1.0f;
};
[[nodiscard]] Card beginCard(const UiState& ui, float width, ImVec4 bg, ImVec4 border, float borderWidth = 1.0f);
// Returns the card's rectangle as an item (IsItemHovered etc. apply to the whole card).
void endCard(const Card& card);

} // namespace wp::ui
