// Drawing helpers shared by the views (see widgets.h).
#include "wholepicture/ui/widgets.h"
#include "wholepicture/ui/probe.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <unordered_map>

#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include "wholepicture/core/glossary_match.h"
#include "wholepicture/ui/backdrop.h"
#include "wholepicture/ui/speech.h"
#include "wholepicture/ui/theme.h"

namespace wp::ui {

// [SECTION] Sizes

// The font's own size, not its line height: with extra line spacing (platform/fonts.h raises the line
// height of the body faces) widths and gaps stay what they were, so a column keeps its ~75 characters.
float em(float n) {
    const ImFont* font = ImGui::GetFont();
    if (font && font->ConfigData && font->ConfigData->SizePixels > 0 && font->FontSize > font->ConfigData->SizePixels)
        return ImGui::GetFontSize() * (font->ConfigData->SizePixels / font->FontSize) * n;
    return ImGui::GetFontSize() * n;
}
ImVec2 em2(float x, float y) { return ImVec2(em(x), em(y)); }

Column beginColumn(float maxWidthEm) {
    Column c;
    // Never closer than 1.5 em to the window edge, however large the text is scaled.
    const float avail = ImGui::GetContentRegionAvail().x;
    const float minMargin = em(1.5f);
    c.width = std::max(em(10), std::min(avail - 2 * minMargin, em(maxWidthEm)));
    c.indent = std::max(minMargin, (avail - c.width) * 0.5f);
    if (c.indent > 0) ImGui::Indent(c.indent);
    ImGui::PushTextWrapPos(ImGui::GetCursorPos().x + c.width);
    return c;
}

void endColumn(const Column& c) {
    ImGui::PopTextWrapPos();
    if (c.indent > 0) ImGui::Unindent(c.indent);
}

// [SECTION] Keys

namespace {
// The frame (of which context: the tests and the projector run several) in which a text field took
// the Esc key; -1 none.
const ImGuiContext* s_escapeTakenIn = nullptr;
int s_escapeTakenFrame = -1;

bool escapeTaken() { return s_escapeTakenIn == ImGui::GetCurrentContext() && s_escapeTakenFrame == ImGui::GetFrameCount(); }

// Before the field is drawn: if it is being edited and Esc went down this frame, leave it now, so
// InputText never sees the Esc and never reverts. The text is already in the caller's string (1.86
// copies every edit back at once), so it stays.
void leaveOnEscape(const char* label) {
    if (ImGui::GetActiveID() == 0 || ImGui::GetActiveID() != ImGui::GetID(label)) return;
    if (!ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false) || escapeTaken()) return;
    ImGui::ClearActiveID();
    s_escapeTakenIn = ImGui::GetCurrentContext();
    s_escapeTakenFrame = ImGui::GetFrameCount();
}
} // namespace

bool keyPressed(ImGuiKey key, bool repeat) {
    if (key == ImGuiKey_Escape && escapeTaken()) return false; // a text field used it to leave
    return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key), repeat);
}

bool rawKeyPressed(int backendKey, bool repeat) { return ImGui::IsKeyPressed(backendKey, repeat); }

int digitPressed() {
    for (int d = 1; d <= 9; ++d)
        if (rawKeyPressed(kKeyDigit0 + d) || rawKeyPressed(kKeyPadDigit0 + d)) return d;
    return 0;
}

bool shortcutsAllowed() {
    // A text field takes this frame's keys if it was being edited when the frame began (Enter that
    // saves a rationale must not also reveal the votes), or is now (clicked into this frame). Not
    // io.WantTextInput: it says a field was active at any point of the previous frame, so the frame
    // after an Enter still counted as typing and an instant "2b" typed right after it was lost.
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    auto isTextField = [](ImGuiID id) { return id != 0 && ImGui::GetInputTextState(id) != nullptr; };
    if (isTextField(g.ActiveIdPreviousFrame) || isTextField(g.ActiveId)) return false;
    const ImGuiIO& io = ImGui::GetIO();
    return !io.KeyAlt && !io.KeySuper;
}

void keyboardScroll(bool primary) {
    static const ImGuiContext* s_takenIn = nullptr; // one pane per frame (per context: tests run several)
    static int s_takenFrame = -1;
    constexpr int kKeyPageUp = 266, kKeyPageDown = 267, kKeyHome = 268, kKeyEnd = 269; // GLFW codes
    if (s_takenIn == ImGui::GetCurrentContext() && s_takenFrame == ImGui::GetFrameCount()) return;
    if (!shortcutsAllowed() || ImGui::GetIO().KeyCtrl) return;
    const bool up = rawKeyPressed(kKeyPageUp, true), down = rawKeyPressed(kKeyPageDown, true);
    const bool home = rawKeyPressed(kKeyHome), end = rawKeyPressed(kKeyEnd);
    if (!up && !down && !home && !end) return;
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    auto scrollsItself = [](const ImGuiWindow* w) {
        for (; w; w = w->ParentWindow)
            if ((w->Flags & ImGuiWindowFlags_ChildWindow) && w->ScrollMax.y > 0) return true;
        return false;
    };
    bool mine = false;
    for (const ImGuiWindow* w = g.NavWindow; w; w = w->ParentWindow)
        if (w == window) mine = true;
    if (!mine && primary && !(g.NavWindow && g.NavWindow != window && scrollsItself(g.NavWindow) && !g.NavDisableHighlight))
        mine = true;
    if (!mine) return;
    s_takenIn = ImGui::GetCurrentContext();
    s_takenFrame = ImGui::GetFrameCount();
    const float page = std::max(ImGui::GetWindowHeight() - em(3.0f), em(2.0f));
    if (up) ImGui::SetScrollY(std::max(0.0f, ImGui::GetScrollY() - page));
    if (down) ImGui::SetScrollY(std::min(ImGui::GetScrollMaxY(), ImGui::GetScrollY() + page));
    if (home) ImGui::SetScrollY(0.0f);
    if (end) ImGui::SetScrollY(1e9f); // clamped to the end as laid out next frame (the last frame's max can be short)
}

void drawJumpRow(UiState& ui, std::span<const JumpAnchor> anchors, const char* probePrefix, const char* paneName) {
    pushFont(ui.fonts.small);
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(ui.palette.textMuted, "Go to");
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
    ImGui::PushStyleColor(ImGuiCol_Text, ui.palette.accentText);
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0.0f);
    const std::string hint = std::string("jumps to that part of ") + paneName;
    for (const JumpAnchor& a : anchors) {
        ImGui::SameLine(0, em(0.3f));
        if (ImGui::Button((std::string(a.label) + "##jump").c_str())) ui.paneJump = a.id;
        speakItem(a.label, "link", hint);
        WP_PROBE(std::string(probePrefix) + a.id);
    }
    ImGui::PopStyleVar();
    ImGui::PopStyleColor(2);
    popFont(ui.fonts.small);
}

void jumpAnchor(UiState& ui, const char* id) {
    if (ui.paneJump != id) return;
    ImGui::SetScrollHereY(0.0f);
    ui.paneJump.clear();
}

bool itemKeyboardFocused() {
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    return !g.NavDisableHighlight && g.NavId != 0 && g.NavId == g.LastItemData.ID;
}

void itemTooltip(const char* text) {
    speakItemHint(text);
    if (!ImGui::IsItemHovered()) return; // 1.86: true for the keyboard-focused item too
    if (itemKeyboardFocused() && GImGui->NavDisableMouseHover) {
        // Above the control, growing away from the nearer screen edge (a right-hand control's hint
        // ends at its right edge instead of running off the screen). A control too near the top for
        // the hint to fit above it (the header's) has it below instead: above, its first lines were cut off.
        const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        const bool right = (min.x + max.x) * 0.5f > vp->Pos.x + vp->Size.x * 0.5f;
        const ImGuiStyle& style = ImGui::GetStyle();
        const float hintHeight = ImGui::CalcTextSize(text).y + style.WindowPadding.y * 2.0f;
        const float gap = em(0.4f);
        const bool below = min.y - gap - hintHeight < vp->Pos.y;
        ImGui::SetNextWindowPos(ImVec2(right ? max.x : min.x, below ? max.y + gap : min.y - gap), ImGuiCond_Always,
                                ImVec2(right ? 1.0f : 0.0f, below ? 0.0f : 1.0f));
    }
    ImGui::SetTooltip("%s", text);
}

bool listItem(const char* label, bool selected) {
    const bool pressed = ImGui::Selectable(label, selected);
    speakItem(label, "list item", selected ? "selected" : "");
    return pressed;
}

// [SECTION] Text fields

namespace {
// beginCard .. endCard: a card fills its backdrop after its content, over any backdrop filled inside it.
int s_openCards = 0;

// A text box's frame filled as a backdrop (backdrop.h) instead of by ImGui: a reflection or an author's
// text field is one of the largest areas of its screen, and on a software renderer a cleared pixel
// costs a fraction of a shaded one. Filled before the box, where ImGui will put its frame, so that the
// rounded corners' few triangles lie under the box's border. Only where the clear is certain to lie
// beneath everything the box lies on: a label with no visible part (the frame is then the item's whole
// rectangle), no card open around it, and no window from it down to its top-level window that draws
// a background of its own, or is a popup. Anywhere else, and with the style faded (a disabled box),
// ImGui draws the frame as usual.
class TextBoxFrame {
public:
    // `size` as ImGui takes it (0 or less along an axis: ImGui's default there).
    TextBoxFrame(const char* label, ImVec2 size, bool multiline) {
        const ImGuiStyle& style = ImGui::GetStyle();
        const ImVec4 colour = style.Colors[ImGuiCol_FrameBg];
        m_asBackdrop = canLieBeneath(label, colour);
        if (!m_asBackdrop) return;
        // ImGui::InputTextEx's own frame size (1.86).
        const float defaultHeight = (multiline ? ImGui::GetFontSize() * 8.0f : ImGui::GetFontSize()) + style.FramePadding.y * 2.0f;
        const ImVec2 frame = ImGui::CalcItemSize(size, ImGui::CalcItemWidth(), defaultHeight);
        const ImVec2 min = ImGui::GetCursorScreenPos();
        fillBackdrop(min, ImVec2(min.x + frame.x, min.y + frame.y), colour, style.FrameRounding);
        ImGui::PushStyleColor(ImGuiCol_FrameBg, ImVec4(0, 0, 0, 0)); // ImGui skips a clear fill
    }
    TextBoxFrame(const TextBoxFrame&) = delete;
    TextBoxFrame& operator=(const TextBoxFrame&) = delete;
    ~TextBoxFrame() {
        if (m_asBackdrop) ImGui::PopStyleColor();
    }

private:
    static bool canLieBeneath(const char* label, ImVec4 colour) {
        const ImGuiStyle& style = ImGui::GetStyle();
        if (s_openCards > 0 || style.Alpha < 1.0f || colour.w < 1.0f) return false;
        if (ImGui::CalcTextSize(label, nullptr, true).x > 0.0f) return false;
        for (const ImGuiWindow* w = ImGui::GetCurrentWindowRead(); w; w = (w->Flags & ImGuiWindowFlags_ChildWindow) ? w->ParentWindow : nullptr) {
            if (w->Flags & (ImGuiWindowFlags_Popup | ImGuiWindowFlags_Modal | ImGuiWindowFlags_Tooltip)) return false;
            const ImGuiCol bg = (w->Flags & ImGuiWindowFlags_ChildWindow) ? ImGuiCol_ChildBg : ImGuiCol_WindowBg;
            if (!(w->Flags & ImGuiWindowFlags_NoBackground) && style.Colors[bg].w > 0.0f) return false;
        }
        return true;
    }
    bool m_asBackdrop = false;
};

// What a listener hears about a text box's content: "empty", or its first words.
std::string textBoxState(const std::string& text) {
    if (text.empty()) return "empty";
    constexpr size_t kMax = 120;
    if (text.size() <= kMax) return text;
    size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut; // whole UTF-8 characters
    return text.substr(0, cut) + "...";
}
// A label hidden behind "##" is named by the hint shown in the empty box, if any.
// A password box is never read out: only whether it holds something.
std::string textBoxState(const std::string& text, ImGuiInputTextFlags flags) {
    if (flags & ImGuiInputTextFlags_Password) return text.empty() ? "empty" : "filled in, hidden";
    return textBoxState(text);
}

std::string textBoxName(const char* label, const char* hint) {
    const std::string l = label;
    return l.rfind("##", 0) == 0 && hint ? std::string(hint) : l;
}
} // namespace

bool inputText(const char* label, std::string* text, ImGuiInputTextFlags flags) {
    leaveOnEscape(label);
    const bool changed = [&] {
        TextBoxFrame frame(label, ImVec2(0, 0), false);
        return ImGui::InputText(label, text, flags);
    }();
    speakItem(label, "text box", textBoxState(*text, flags));
    return changed;
}

bool inputTextWithHint(const char* label, const char* hint, std::string* text, ImGuiInputTextFlags flags) {
    leaveOnEscape(label);
    const bool changed = [&] {
        TextBoxFrame frame(label, ImVec2(0, 0), false);
        return ImGui::InputTextWithHint(label, hint, text, flags);
    }();
    speakItem(textBoxName(label, hint), "text box", textBoxState(*text, flags));
    return changed;
}

bool inputTextMultiline(const char* label, std::string* text, const ImVec2& size, ImGuiInputTextFlags flags) {
    leaveOnEscape(label);
    const bool changed = [&] {
        TextBoxFrame frame(label, size, true);
        return ImGui::InputTextMultiline(label, text, size, flags);
    }();
    speakItem(label, "text box", textBoxState(*text));
    return changed;
}

bool wrapLinesAtSpaces(std::string& text, float width, float (*measure)(const char* begin, const char* end)) {
    bool changed = false;
    size_t lineStart = 0;
    while (lineStart <= text.size()) {
        size_t lineEnd = text.find('\n', lineStart);
        if (lineEnd == std::string::npos) lineEnd = text.size();
        if (measure(text.data() + lineStart, text.data() + lineEnd) > width) {
            // The last space whose prefix fits; if even the first word does not fit, the first space.
            size_t breakAt = std::string::npos;
            for (size_t i = lineStart; i < lineEnd; ++i) {
                if (text[i] != ' ') continue;
                if (breakAt != std::string::npos && measure(text.data() + lineStart, text.data() + i) > width) break;
                breakAt = i;
            }
            if (breakAt != std::string::npos) {
                text[breakAt] = '\n'; // same length: the caret and the selection stay where they were
                changed = true;
                lineStart = breakAt + 1;
                continue;
            }
        }
        lineStart = lineEnd + 1;
    }
    return changed;
}

namespace {
float measureText(const char* begin, const char* end) { return ImGui::CalcTextSize(begin, end).x; }

int wrapCallback(ImGuiInputTextCallbackData* data) {
    const float width = *static_cast<const float*>(data->UserData);
    std::string text(data->Buf, static_cast<size_t>(data->BufTextLen));
    if (wrapLinesAtSpaces(text, width, measureText)) {
        std::copy(text.begin(), text.end(), data->Buf); // same length
        data->BufDirty = true;
    }
    return 0;
}
} // namespace

bool inputTextMultilineWrapped(const char* label, std::string* text, const ImVec2& size) {
    // The text area inside the frame, less the scrollbar a long text brings.
    float width = size.x - ImGui::GetStyle().FramePadding.x * 2 - ImGui::GetStyle().ScrollbarSize - em(0.3f);
    leaveOnEscape(label);
    // imgui_stdlib's resize callback is chained by InputTextMultiline(std::string*) only for its own
    // flags: wrap in an edit callback on a buffer we size ourselves.
    std::string buffer = *text;
    buffer.resize(std::max<size_t>(text->size() + 4096, 4096));
    const bool changed = [&] {
        TextBoxFrame frame(label, size, true);
        return ImGui::InputTextMultiline(label, buffer.data(), buffer.size(), size, ImGuiInputTextFlags_CallbackEdit, wrapCallback, &width);
    }();
    if (changed) *text = std::string(buffer.c_str());
    speakItem(label, "text box", textBoxState(*text));
    return changed;
}

bool inputInt(const char* label, int* value, int step, int stepFast) {
    // With step buttons, 1.86 InputScalar draws its field as InputText("") inside PushID(label).
    ImGui::PushID(label);
    leaveOnEscape("");
    ImGui::PopID();
    const bool changed = ImGui::InputInt(label, value, step, stepFast);
    speakItem(label, "number box", std::to_string(*value));
    return changed;
}

// [SECTION] Colours

ImVec4 colourFromHex(const std::string& hex, ImVec4 fallback) {
    if (hex.size() != 7 || hex[0] != '#') return fallback;
    unsigned value = 0;
    for (size_t i = 1; i < 7; ++i) {
        char ch = static_cast<char>(std::tolower(static_cast<unsigned char>(hex[i])));
        value <<= 4;
        if (ch >= '0' && ch <= '9')
            value |= static_cast<unsigned>(ch - '0');
        else if (ch >= 'a' && ch <= 'f')
            value |= static_cast<unsigned>(ch - 'a' + 10);
        else
            return fallback;
    }
    return ImVec4(static_cast<float>((value >> 16) & 0xFF) / 255.0f, static_cast<float>((value >> 8) & 0xFF) / 255.0f,
                  static_cast<float>(value & 0xFF) / 255.0f, 1.0f);
}

ImVec4 readableOn(const ImVec4& bg) {
    const ImVec4 black(0.07f, 0.08f, 0.09f, 1), white(1, 1, 1, 1);
    return contrastRatio(black, bg) >= contrastRatio(white, bg) ? black : white;
}

ImVec4 withAlpha(ImVec4 c, float a) {
    c.w = a;
    return c;
}

// [SECTION] Text

void pushFont(ImFont* font) {
    if (font) ImGui::PushFont(font);
}
void popFont(ImFont* font) {
    if (font) ImGui::PopFont();
}

void textBlock(const std::string& text) {
    // Respect a wrap position set by a column or card; otherwise wrap at the window edge.
    const bool needsWrap = ImGui::GetCurrentWindow()->DC.TextWrapPos < 0.0f;
    if (needsWrap) ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.c_str(), text.c_str() + text.size());
    if (needsWrap) ImGui::PopTextWrapPos();
    if (probesActive()) probeText(text);
}

void textBlock(const std::string& text, const ImVec4& colour) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    textBlock(text);
    ImGui::PopStyleColor();
}

void textBlock(ImFont* font, const std::string& text, const ImVec4& colour) {
    pushFont(font);
    textBlock(text, colour);
    popFont(font);
}

namespace {

// The spans of a text, kept between frames: a screen redraws the same texts many times.
const std::vector<GlossarySpan>& glossarySpansOf(const KnowledgeBase& kb, const std::string& text) {
    struct Cache {
        const void* glossary = nullptr;
        std::unordered_map<std::string, std::vector<GlossarySpan>> spans;
    };
    static Cache cache;
    if (cache.glossary != kb.glossary.data() || cache.spans.size() > 512) {
        cache.spans.clear();
        cache.glossary = kb.glossary.data();
    }
    auto it = cache.spans.find(text);
    if (it == cache.spans.end()) it = cache.spans.emplace(text, findGlossaryTerms(text, kb.glossary)).first;
    return it->second;
}

} // namespace

void glossaryTextBlock(const UiState& ui, const KnowledgeBase& kb, const std::string& text) {
    const std::vector<GlossarySpan>& spans = glossarySpansOf(kb, text);
    if (spans.empty()) {
        textBlock(text);
        return;
    }
    if (probesActive()) probeText(text);
    // Laid out word by word, as ImGui wraps: at spaces, at the wrap position or the window's edge.
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float wrapX = window->DC.TextWrapPos > 0.0f ? window->Pos.x + window->DC.TextWrapPos - window->Scroll.x
                                                      : ImGui::GetContentRegionMaxAbs().x;
    const float lineH = ImGui::GetTextLineHeight(); // wrapped lines sit one font size apart, as ImGui's
    const float spaceW = ImGui::CalcTextSize(" ").x;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 textCol = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 markCol = ImGui::GetColorU32(ui.palette.accentText);
    float x = origin.x, y = origin.y, widest = 0;
    const GlossaryTerm* hovered = nullptr;
    // Where each term's first piece was drawn: a place the keys can stop, as a link on a web page.
    // Kept between calls so a frame allocates nothing (the UI thread only; no call nests in another).
    struct TermStop {
        const GlossaryTerm* term;
        ImRect box;
    };
    static std::vector<TermStop> stops;
    stops.clear();
    size_t i = 0;
    while (i < text.size()) {
        if (text[i] == ' ' || text[i] == '\n') {
            if (text[i] == '\n') {
                x = origin.x;
                y += lineH;
            } else if (x > origin.x) {
                x += spaceW;
            }
            ++i;
            continue;
        }
        size_t end = i;
        while (end < text.size() && text[end] != ' ' && text[end] != '\n') ++end;
        const float wordW = ImGui::CalcTextSize(text.data() + i, text.data() + end).x;
        if (x > origin.x && x + wordW > wrapX) {
            x = origin.x;
            y += lineH;
        }
        // The word in pieces at the spans' edges ("DSL's": "DSL" marked, "'s" not).
        for (size_t at = i; at < end;) {
            const GlossarySpan* span = nullptr;
            size_t pieceEnd = end;
            for (const auto& s : spans) {
                if (at >= s.begin && at < s.end) span = &s, pieceEnd = std::min(end, s.end);
                else if (s.begin > at && s.begin < pieceEnd) pieceEnd = s.begin;
            }
            const float w = ImGui::CalcTextSize(text.data() + at, text.data() + pieceEnd).x;
            dl->AddText(ImVec2(x, y), textCol, text.data() + at, text.data() + pieceEnd);
            if (span) {
                // Dots under the term: seen as "there is more here", in colour and without it.
                const float underY = y + ImGui::GetFontSize() + std::max(1.0f, em(0.06f));
                for (float dx = 0; dx < w; dx += em(0.3f))
                    dl->AddRectFilled(ImVec2(x + dx, underY), ImVec2(x + std::min(w, dx + em(0.14f)), underY + std::max(1.0f, em(0.08f))), markCol);
                // The space after a word inside a multi-word term belongs to the term too.
                const float reach = pieceEnd < span->end ? w + spaceW : w;
                if (ImGui::IsWindowHovered() && ImGui::IsMouseHoveringRect(ImVec2(x, y), ImVec2(x + reach, y + lineH))) hovered = span->term;
                if (at == span->begin) stops.push_back({span->term, ImRect(x, y, x + w, y + lineH)});
            }
            x += w;
            at = pieceEnd;
        }
        widest = std::max(widest, x - origin.x);
        i = end;
    }
    ImGui::Dummy(ImVec2(std::max(widest, 1.0f), y + lineH - origin.y));
    // Each term is a stop for Tab (keyboard users and listeners reach the explanation too): an item
    // with no size of its own (the text above is laid out), ringed and explained while focused.
    const GlossaryTerm* focused = nullptr;
    ImRect focusedBox;
    ImGui::PushID(text.data(), text.data() + text.size());
    for (const TermStop& stop : stops) {
        const ImGuiID id = ImGui::GetID(stop.term->term.c_str());
        if (!ImGui::ItemAdd(stop.box, id)) continue;
        if (itemKeyboardFocused()) {
            focused = stop.term;
            focusedBox = stop.box;
            ImGui::RenderNavHighlight(stop.box, id);
        }
        speakItem(stop.term->term, "glossary term", stop.term->definition);
        WP_PROBE("glossary/" + stop.term->term);
    }
    ImGui::PopID();
    if (focused && GImGui->NavDisableMouseHover) {
        hovered = focused;
        ImGui::SetNextWindowPos(ImVec2(focusedBox.Min.x, focusedBox.Max.y + em(0.3f)), ImGuiCond_Always);
    }
    if (hovered) {
        // The app's windows have no padding (theme.cpp): the explanation gets its own.
        ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(em(0.7f), em(0.5f)));
        ImGui::BeginTooltip();
        ImGui::PopStyleVar();
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + em(26));
        pushFont(ui.fonts.bold);
        ImGui::TextUnformatted(hovered->term.c_str());
        popFont(ui.fonts.bold);
        ImGui::TextUnformatted(hovered->definition.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

void bulletBlock(const std::string& text) {
    // Our own bullet: ImGui::Bullet() is placed by FramePadding, which our generous padding pushes
    // into the text.
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const float lineH = ImGui::GetTextLineHeight();
    ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(pos.x + em(0.45f), pos.y + lineH * 0.55f), em(0.17f),
                                                ImGui::GetColorU32(ImGuiCol_TextDisabled));
    ImGui::Dummy(ImVec2(em(1.2f), lineH));
    ImGui::SameLine(0, 0);
    ImGui::BeginGroup(); // wrapped lines hang under the first, not under the bullet
    textBlock(text);
    ImGui::EndGroup();
}

void sectionHeader(const UiState& ui, const char* label) {
    ImGui::Dummy(ImVec2(0, em(0.4f)));
    pushFont(ui.fonts.bold);
    ImGui::PushStyleColor(ImGuiCol_Text, ui.palette.textMuted);
    ImGui::TextUnformatted(label);
    ImGui::PopStyleColor();
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    popFont(ui.fonts.bold);
    // The rule runs from after the label to the end of the available width, vertically centred.
    const float gap = em(0.6f);
    // The rule ends where text wraps (a column or card edge), else at the content region's edge.
    const ImGuiWindow* window = ImGui::GetCurrentWindow();
    float x1 = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    if (window->DC.TextWrapPos > 0.0f) x1 = std::min(x1, window->Pos.x - window->Scroll.x + window->DC.TextWrapPos);
    const float y = (min.y + max.y) * 0.5f;
    if (max.x + gap < x1)
        ImGui::GetWindowDrawList()->AddLine(ImVec2(max.x + gap, y), ImVec2(x1, y),
                                            ImGui::GetColorU32(withAlpha(ui.palette.border, 0.7f)), 1.0f);
}

void eyebrow(const UiState& ui, const std::string& text) {
    std::string upper = text;
    // ASCII upper-casing only: content may hold UTF-8, which must pass through untouched.
    for (auto& ch : upper)
        if (static_cast<unsigned char>(ch) < 0x80) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    pushFont(ui.fonts.small);
    textBlock(upper, ui.palette.textMuted);
    popFont(ui.fonts.small);
}

// [SECTION] Chips and badges

void chip(const std::string& text, const ImVec4& bg, const ImVec4& fg, ImFont* font) {
    pushFont(font);
    const ImVec2 pad(em(0.55f), em(0.18f));
    const ImVec2 textSize = ImGui::CalcTextSize(text.c_str());
    const ImVec2 size(textSize.x + pad.x * 2, textSize.y + pad.y * 2);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    if (ImGui::IsRectVisible(pos, ImVec2(pos.x + size.x, pos.y + size.y))) { // scrolled away: no triangles
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(pos, ImVec2(pos.x + size.x, pos.y + size.y), ImGui::GetColorU32(bg), size.y * 0.5f);
        dl->AddText(ImVec2(pos.x + pad.x, pos.y + pad.y), ImGui::GetColorU32(fg), text.c_str());
    }
    ImGui::Dummy(size);
    popFont(font);
}

void badge(const UiState& ui, const std::string& text, const ImVec4& colour) {
    pushFont(ui.fonts.small);
    const ImVec2 pad(em(0.5f), em(0.15f));
    const ImVec2 textSize = ImGui::CalcTextSize(text.c_str());
    const ImVec2 size(textSize.x + pad.x * 2, textSize.y + pad.y * 2);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    if (ImGui::IsRectVisible(pos, ImVec2(pos.x + size.x, pos.y + size.y))) {
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRect(pos, ImVec2(pos.x + size.x, pos.y + size.y), ImGui::GetColorU32(colour), em(0.3f), 0, 1.0f);
        dl->AddText(ImVec2(pos.x + pad.x, pos.y + pad.y), ImGui::GetColorU32(colour), text.c_str());
    }
    ImGui::Dummy(size);
    popFont(ui.fonts.small);
}

void roleChip(const UiState& ui, const KnowledgeBase& kb, const std::string& roleId, bool longName) {
    const RoleInfo* info = kb.role(roleId);
    const ImVec4 bg = colourFromHex(info ? info->colour : std::string{}, ui.palette.surfaceActive);
    const std::string label = longName ? kb.roleName(roleId) : kb.roleShort(roleId);
    chip(label, bg, readableOn(bg), ui.fonts.bold ? ui.fonts.bold : nullptr);
    if (info && ImGui::IsItemHovered() && !longName) ImGui::SetTooltip("%s", info->name.c_str());
}

void scoreDeltaChip(const UiState& ui, const std::string& label, int delta) {
    const ImVec4 colour = delta > 0 ? ui.palette.success : delta < 0 ? ui.palette.danger : ui.palette.textMuted;
    // U+2212 is not in every font; an ASCII minus keeps the sign visible whatever the font.
    const std::string text = (delta > 0 ? "+" : "") + std::to_string(delta) + "  " + label;
    badge(ui, text, colour);
}

void scoreDeltaChips(const UiState& ui, const KnowledgeBase& kb, const std::map<std::string, int>& deltas, float rightEdge) {
    bool first = true;
    for (const auto& [dim, delta] : deltas) {
        if (delta == 0) continue;
        const DimensionInfo* info = kb.dimension(dim);
        const std::string label = info ? info->name : dim;
        pushFont(ui.fonts.small);
        const float w = ImGui::CalcTextSize(label.c_str()).x + em(3.0f);
        popFont(ui.fonts.small);
        if (!first) {
            ImGui::SameLine();
            if (ImGui::GetCursorScreenPos().x + w > rightEdge) ImGui::NewLine();
        }
        first = false;
        scoreDeltaChip(ui, label, delta);
    }
}

// Colours for positions on the worst-to-best scale, matching the knowledge base's band starts
// (content/dimensions.json: Developing from 0.4, Secure from 0.7).
constexpr double kBandDeveloping = 0.4;
constexpr double kBandSecure = 0.7;

ImVec4 bandColour(const UiState& ui, double fraction) {
    // Developing is amber, as in the HTML report (core/report.cpp: .fill.mid), in both themes.
    return fraction >= kBandSecure ? ui.palette.success : fraction >= kBandDeveloping ? ui.palette.warning : ui.palette.danger;
}

// A bar whose track spans worst..best; the fill reaches the score; a tick marks zero when the worst
// path goes below it. The numbers beside it say the same, so colour is never the only cue.
void scoreBar(const UiState& ui, double fraction, int worst, int best, float width, const ImVec4* colour) {
    const float height = em(0.75f);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const float y = pos.y + (ImGui::GetFrameHeight() - height) * 0.5f;
    if (!ImGui::IsRectVisible(pos, ImVec2(pos.x + width, pos.y + ImGui::GetFrameHeight()))) { // scrolled away
        ImGui::Dummy(ImVec2(width, ImGui::GetFrameHeight()));
        return;
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(pos.x, y), ImVec2(pos.x + width, y + height), ImGui::GetColorU32(ui.palette.barTrack), height * 0.5f);
    const float f = static_cast<float>(std::clamp(fraction, 0.0, 1.0));
    if (f > 0)
        dl->AddRectFilled(ImVec2(pos.x, y), ImVec2(pos.x + std::max(height, width * f), y + height),
                          ImGui::GetColorU32(colour ? *colour : bandColour(ui, fraction)), height * 0.5f);
    // The best achievable: an outlined end cap, so "how far from the best" reads at a glance.
    dl->AddRect(ImVec2(pos.x, y), ImVec2(pos.x + width, y + height), ImGui::GetColorU32(withAlpha(ui.palette.border, 0.8f)),
                height * 0.5f);
    if (worst < 0 && best > 0) {
        const float zx = pos.x + width * static_cast<float>(-worst) / static_cast<float>(best - worst);
        dl->AddLine(ImVec2(zx, y - em(0.2f)), ImVec2(zx, y + height + em(0.2f)), ImGui::GetColorU32(ui.palette.textMuted), 1.5f);
    }
    ImGui::Dummy(ImVec2(width, ImGui::GetFrameHeight()));
}

// [SECTION] Buttons

bool primaryButton(const UiState& ui, const char* label, ImVec2 size) {
    ImGui::PushStyleColor(ImGuiCol_Button, ui.palette.accent);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ui.palette.accentHover);
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, ui.palette.accentActive);
    ImGui::PushStyleColor(ImGuiCol_Text, ui.palette.onAccent);
    ImGui::PushStyleColor(ImGuiCol_Border, ui.palette.accent);
    pushFont(ui.fonts.bold);
    const bool pressed = ImGui::Button(label, size);
    popFont(ui.fonts.bold);
    ImGui::PopStyleColor(5);
    speakItem(label, "button");
    return pressed;
}

bool secondaryButton(const UiState& ui, const char* label, ImVec2 size) {
    ImGui::PushStyleColor(ImGuiCol_Border, ui.palette.border);
    const bool pressed = ImGui::Button(label, size);
    ImGui::PopStyleColor();
    speakItem(label, "button");
    return pressed;
}

// [SECTION] Footer bar

float footerBarHeight() { return em(4.2f); }
float footerButtonHeight() { return em(2.4f); }

FooterBar drawFooterBar(const UiState& ui) {
    FooterBar bar;
    bar.origin = ImGui::GetCursorScreenPos();
    bar.width = ImGui::GetContentRegionAvail().x;
    bar.height = std::max(footerBarHeight(), ImGui::GetContentRegionAvail().y);
    bar.padX = em(1.6f);
    bar.buttonY = bar.origin.y + (footerBarHeight() - footerButtonHeight()) * 0.5f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    fillBackdrop(bar.origin, ImVec2(bar.origin.x + bar.width, bar.origin.y + bar.height), ui.palette.headerBar);
    dl->AddLine(bar.origin, ImVec2(bar.origin.x + bar.width, bar.origin.y),
                ImGui::GetColorU32(withAlpha(ui.palette.border, 0.5f)));
    return bar;
}

// [SECTION] Cards

Card beginCard(const UiState& ui, float width, ImVec4 bg, ImVec4 border, float borderWidth) {
    (void)ui;
    Card card;
    ++s_openCards;
    card.origin = ImGui::GetCursorScreenPos();
    card.width = width;
    card.padding = em(1.1f);
    card.bg = bg;
    card.border = border;
    card.borderWidth = borderWidth;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1); // content on top; the background goes into channel 0 at the end
    ImGui::BeginGroup();
    ImGui::SetCursorScreenPos(ImVec2(card.origin.x + card.padding, card.origin.y + card.padding));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPos().x + width - 2 * card.padding);
    ImGui::PushItemWidth(width - 2 * card.padding);
    return card;
}

void endCard(const Card& card) {
    --s_openCards;
    ImGui::PopItemWidth();
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    const float contentBottom = ImGui::GetItemRectMax().y;
    ImGui::SetCursorScreenPos(ImVec2(card.origin.x, contentBottom));
    ImGui::Dummy(ImVec2(card.width, card.padding));
    ImGui::EndGroup();
    const ImVec2 max(card.origin.x + card.width, contentBottom + card.padding);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSetCurrent(0);
    const float rounding = em(0.5f);
    fillBackdrop(card.origin, max, card.bg, rounding);
    if (card.borderWidth > 0 && ImGui::IsRectVisible(card.origin, max))
        dl->AddRect(card.origin, max, ImGui::GetColorU32(card.border), rounding, 0, card.borderWidth);
    dl->ChannelsMerge();
}

} // namespace wp::ui
