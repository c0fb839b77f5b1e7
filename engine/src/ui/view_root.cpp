// The root of every frame: one borderless full-window root, the header bar with breadcrumbs, status
// messages, the current screen and the global shortcuts.
#include <cmath>
#include <string>
#include <vector>

#include <imgui_internal.h>

#include "wholepicture/ui/backdrop.h"
#include "wholepicture/ui/probe.h"
#include "wholepicture/ui/room_views.h"
#include "wholepicture/ui/screens.h"
#include "wholepicture/ui/speech.h"
#include "wholepicture/ui/views.h"
#include "wholepicture/ui/widgets.h"

namespace wp::ui {

namespace {

constexpr float kScaleStep = 0.125f;

struct Crumb {
    std::string label;
    ScreenId target;
    std::string shortLabel = {}; // used when the full trail does not fit ("SENCO" for the role)
};

std::vector<Crumb> breadcrumbs(const AppState& m) {
    std::vector<Crumb> crumbs{{"Library", Screen::Library}};
    if (m.screen == Screen::Library) return crumbs;
    if (const ScreenView* v = screens().find(m.screen); v && v->libraryLink) { // a screen of its own, off the library
        crumbs.push_back({v->title, m.screen});
        return crumbs;
    }
    const ScenarioPlugin* p = selectedPlugin(m);
    if (!p) return crumbs;
    if (m.screen == Screen::RoomSetup || m.screen == Screen::RoomConsole || m.screen == Screen::RoomDebrief) {
        crumbs.push_back({p->displayName() + " - room session", Screen::Play}); // not a link
        return crumbs;
    }
    crumbs.push_back({p->displayName(), Screen::RoleSelect});
    if (m.screen == Screen::RoleSelect || !m.session) return crumbs;
    const RoleInfo* role = m.knowledge.role(m.session->role);
    crumbs.push_back({m.knowledge.roleName(m.session->role), Screen::Play,
                      role && !role->shortName.empty() ? role->shortName : std::string{}});
    if (m.screen == Screen::Debrief || m.screen == Screen::Compare) crumbs.push_back({"Debrief", Screen::Debrief});
    if (m.screen == Screen::Compare) crumbs.push_back({"Compare the two runs", Screen::Compare});
    return crumbs;
}

// Shortens the trail to `available` pixels: short role names first, then the crumbs after "Library"
// cut with an ellipsis, the last one (where you are) only if the others were not enough.
void fitCrumbs(std::vector<Crumb>& crumbs, float available, float separatorWidth, float linkPadding) {
    // Each crumb is measured once; only the crumb being cut is measured again, one character at a time
    // (code review: the whole trail was re-measured per character).
    std::vector<float> widths;
    auto measure = [&](size_t i) { return ImGui::CalcTextSize(crumbs[i].label.c_str()).x + (i > 0 ? separatorWidth : 0) + linkPadding; };
    for (size_t i = 0; i < crumbs.size(); ++i) widths.push_back(measure(i));
    auto total = [&] {
        float w = 0;
        for (float x : widths) w += x;
        return w;
    };
    if (total() <= available) return;
    for (size_t i = 0; i < crumbs.size(); ++i)
        if (!crumbs[i].shortLabel.empty()) {
            crumbs[i].label = crumbs[i].shortLabel;
            widths[i] = measure(i);
        }
    float width = total();
    for (size_t i = 1; i < crumbs.size() && width > available; ++i) { // where you are is cut last
        std::string& label = crumbs[i].label;
        const std::string ellipsis = "\xE2\x80\xA6"; // …
        std::string kept = label;                         // without the ellipsis
        while (kept.size() > 6 && width > available) {
            size_t cut = kept.size() - 1;
            while (cut > 0 && (static_cast<unsigned char>(kept[cut]) & 0xC0) == 0x80) --cut; // one UTF-8 character
            kept.resize(cut);
            while (!kept.empty() && kept.back() == ' ') kept.pop_back();
            label = kept + ellipsis;
            const float before = widths[i];
            widths[i] = measure(i);
            width += widths[i] - before;
        }
    }
}

void drawHeaderBar(const AppState& m, UiState& ui, CommandSink& sink) {
    // Whole pixels: the border line below then lies on the bar's last row, not half on what follows.
    const float height = std::round(em(3.2f));
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetWindowWidth();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    fillBackdrop(origin, ImVec2(origin.x + width, origin.y + height), ui.palette.headerBar);
    dl->AddLine(ImVec2(origin.x, origin.y + height - 1), ImVec2(origin.x + width, origin.y + height - 1),
                ImGui::GetColorU32(withAlpha(ui.palette.border, 0.5f)));

    const float padX = em(1.6f);
    // Brand: a small accent mark and the app name.
    pushFont(ui.fonts.heading);
    const float brandH = ImGui::GetFontSize();
    const float markY = origin.y + (height - brandH) * 0.5f;
    dl->AddRectFilled(ImVec2(origin.x + padX, markY), ImVec2(origin.x + padX + brandH * 0.32f, markY + brandH),
                      ImGui::GetColorU32(ui.palette.accent), brandH * 0.12f);
    ImGui::SetCursorScreenPos(ImVec2(origin.x + padX + brandH * 0.7f, markY));
    ImGui::TextUnformatted("Whole Picture");
    popFont(ui.fonts.heading);

    // Right: text size and theme. Labels say what they do, for keyboard and mouse alike.
    const char* themeLabel = m.theme == Theme::Dark ? "Light theme##header" : "Dark theme##header";
    const ImGuiStyle& style = ImGui::GetStyle();
    auto buttonWidth = [&](const char* label) { return ImGui::CalcTextSize(label, nullptr, true).x + style.FramePadding.x * 2; };
    const float rightWidth = buttonWidth("A-##scale") + buttonWidth("A+##scale") + buttonWidth(themeLabel) +
                             style.ItemSpacing.x * 2 + em(0.2f);

    // Breadcrumbs: earlier crumbs are links back; the last is where you are. They never run under the
    // buttons on the right: long names shorten first.
    auto crumbs = breadcrumbs(m);
    const float crumbY = origin.y + (height - ImGui::GetFrameHeight()) * 0.5f;
    ImGui::SameLine(0, em(1.6f));
    const float crumbX = ImGui::GetCursorScreenPos().x;
    fitCrumbs(crumbs, origin.x + width - padX - rightWidth - em(1.0f) - crumbX,
              em(0.8f) + ImGui::CalcTextSize("\xE2\x80\xBA").x, em(0.6f));
    ImGui::SetCursorScreenPos(ImVec2(crumbX, crumbY));
    for (size_t i = 0; i < crumbs.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        const bool last = i + 1 == crumbs.size();
        if (i > 0) {
            ImGui::SameLine(0, em(0.4f));
            ImGui::AlignTextToFramePadding();
            ImGui::TextColored(ui.palette.textMuted, "\xE2\x80\xBA"); // ›
            ImGui::SameLine(0, em(0.4f));
        }
        if (last || crumbs[i].target == Screen::Play) {
            ImGui::AlignTextToFramePadding();
            ImGui::TextColored(last ? ui.palette.text : ui.palette.textMuted, "%s", crumbs[i].label.c_str());
            WP_PROBE("header/crumb/" + std::to_string(i));
        } else {
            ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
            ImGui::PushStyleColor(ImGuiCol_Text, ui.palette.accentText);
            ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0.0f);
            ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(em(0.3f), ImGui::GetStyle().FramePadding.y));
            const bool crumbPressed = ImGui::Button((crumbs[i].label + "##crumb").c_str());
            speakItem(crumbs[i].label, "link", "back to this screen");
            if (crumbPressed) {
                if (crumbs[i].target == Screen::Library)
                    sink.push(BackToLibrary{});
                else if (crumbs[i].target == Screen::RoleSelect && m.selectedPlugin >= 0)
                    sink.push(OpenPlugin{m.library[static_cast<size_t>(m.selectedPlugin)].manifest.id});
                else if (crumbs[i].target == Screen::Debrief)
                    sink.push(ShowDebrief{});
            }
            WP_PROBE("header/crumb/" + std::to_string(i));
            ImGui::PopStyleVar(2);
            ImGui::PopStyleColor(2);
        }
        ImGui::PopID();
    }

    ImGui::SetCursorScreenPos(ImVec2(origin.x + width - padX - rightWidth, crumbY));
    if (secondaryButton(ui, "A-##scale")) sink.push(SetScale{m.uiScale - kScaleStep});
    itemTooltip("Smaller text (Ctrl+-)");
    WP_PROBE("header/scale-down");
    ImGui::SameLine();
    if (secondaryButton(ui, "A+##scale")) sink.push(SetScale{m.uiScale + kScaleStep});
    itemTooltip("Larger text (Ctrl+=)");
    WP_PROBE("header/scale-up");
    ImGui::SameLine();
    if (secondaryButton(ui, themeLabel)) sink.push(SetTheme{m.theme == Theme::Dark ? Theme::Light : Theme::Dark});
    WP_PROBE("header/theme");

    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + height));
}

void drawStatus(const AppState& m, UiState& ui, CommandSink& sink) {
    if (m.status.empty()) return;
    ImGui::Dummy(ImVec2(0, em(0.5f)));
    const Column col = beginColumn(72);
    for (size_t i = 0; i < m.status.size(); ++i) {
        const auto& s = m.status[i];
        ImGui::PushID(static_cast<int>(i));
        const ImVec4 colour = s.kind == StatusKind::Error     ? ui.palette.danger
                              : s.kind == StatusKind::Warning ? ui.palette.warning
                                                              : ui.palette.accentText;
        const Card card = beginCard(ui, col.width, ui.palette.surface, colour);
        const char* kind = s.kind == StatusKind::Error ? "Error: " : s.kind == StatusKind::Warning ? "Warning: " : "";
        textBlock(std::string(kind) + s.text, colour);
        if (secondaryButton(ui, "Dismiss##status")) sink.push(DismissStatus{i});
        endCard(card);
        ImGui::PopID();
    }
    endColumn(col);
}

// A question before something that cannot be undone, over the whole window: the safe answer is the
// default (Enter on it, or Esc), the other needs a deliberate click or Tab then Enter.
void drawConfirmation(const AppState& m, UiState& ui, CommandSink& sink) {
    if (!m.confirm) return;
    const Confirmation& c = *m.confirm;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.4f), ImGuiCond_Always,
                            ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(em(34), vp->WorkSize.x - em(2)), 0));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ui.palette.surface);
    ImGui::PushStyleColor(ImGuiCol_Border, ui.palette.warning);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(em(1.4f), em(1.2f)));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 2.0f);
    ImGui::Begin("##confirm", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_AlwaysAutoResize);
    ImGui::SetWindowFocus();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + std::min(em(34), vp->WorkSize.x - em(2)) - em(2.8f));
    pushFont(ui.fonts.heading);
    textBlock(c.question);
    popFont(ui.fonts.heading);
    WP_PROBE("confirm/question");
    textBlock(c.detail, ui.palette.textMuted);
    if (!c.facts.empty()) {
        ImGui::Dummy(ImVec2(0, em(0.3f)));
        float labelW = 0;
        pushFont(ui.fonts.bold);
        for (const auto& f : c.facts) labelW = std::max(labelW, ImGui::CalcTextSize(f.label.c_str()).x);
        popFont(ui.fonts.bold);
        for (const auto& f : c.facts) {
            pushFont(ui.fonts.bold);
            ImGui::TextUnformatted(f.label.c_str());
            popFont(ui.fonts.bold);
            ImGui::SameLine(ImGui::GetCursorPosX() + labelW + em(1.0f));
            textBlock(f.value);
            WP_PROBE("confirm/fact/" + f.key);
        }
    }
    if (!c.notes.empty()) {
        ImGui::Dummy(ImVec2(0, em(0.2f)));
        for (const auto& n : c.notes) textBlock(ui.fonts.small, n, ui.palette.warning);
    }
    ImGui::PopTextWrapPos();
    ImGui::Dummy(ImVec2(0, em(0.4f)));
    if (primaryButton(ui, (c.noLabel + " (Esc)##confirm-no").c_str())) sink.push(CancelPending{});
    ImGui::SetItemDefaultFocus();
    WP_PROBE("confirm/no");
    ImGui::SameLine();
    if (secondaryButton(ui, (c.yesLabel + "##confirm-yes").c_str())) sink.push(ConfirmPending{});
    WP_PROBE("confirm/yes");
    // Enter answers with the focused button (it presses it: platform applyNavKeys); with none focused,
    // the safe one.
    if (!ImGui::IsAnyItemFocused() && (keyPressed(ImGuiKey_Enter) || keyPressed(ImGuiKey_KeyPadEnter))) sink.push(CancelPending{});
    ImGui::End();
    ImGui::PopStyleVar(2);
    ImGui::PopStyleColor(2);
}

// F1 or "?" (typed, so any layout's "?" works) opens and closes the key-help overlay.
bool keyHelpToggled() {
    if (!shortcutsAllowed()) return false;
    constexpr int kKeyF1 = 290; // GLFW_KEY_F1
    if (rawKeyPressed(kKeyF1)) return true;
    const ImGuiIO& io = ImGui::GetIO();
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i)
        if (io.InputQueueCharacters[i] == '?') return true;
    return false;
}

// Every key of the current screen: the screen's own (from its registration), then the ones every
// screen has. Drawn over the screen, which is deaf meanwhile; Esc, Enter, F1 or ? close it.
void drawKeyHelp(const AppState& m, UiState& ui) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float width = std::min(em(40), vp->WorkSize.x - em(2));
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f), ImGuiCond_Always,
                            ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(width, 0));
    ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0), ImVec2(width, vp->WorkSize.y - em(2)));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ui.palette.surface);
    ImGui::PushStyleColor(ImGuiCol_Border, ui.palette.accentText);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(em(1.4f), em(1.2f)));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 2.0f);
    ImGui::Begin("##key-help", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_AlwaysAutoResize);
    ImGui::SetWindowFocus();
    const ScreenView* view = screens().find(m.screen);
    pushFont(ui.fonts.heading);
    textBlock(std::string("Keys: ") + (view ? view->title : "this screen"));
    popFont(ui.fonts.heading);
    WP_PROBE("keys/title");
    auto table = [&](const char* id, const std::vector<KeyHint>& keys) {
        if (keys.empty() || !ImGui::BeginTable(id, 2, ImGuiTableFlags_SizingStretchProp)) return;
        ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthStretch, 0.4f);
        ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthStretch, 0.6f);
        for (const KeyHint& k : keys) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            pushFont(ui.fonts.bold);
            textBlock(k.keys);
            popFont(ui.fonts.bold);
            ImGui::TableNextColumn();
            textBlock(k.what);
        }
        ImGui::EndTable();
    };
    if (view && !view->keys.empty()) {
        sectionHeader(ui, "ON THIS SCREEN");
        table("##screen-keys", view->keys);
    }
    sectionHeader(ui, "EVERYWHERE");
    table("##global-keys", globalKeys());
    ImGui::Dummy(ImVec2(0, em(0.4f)));
    textBlock("Press Esc, Enter, F1 or ? to close this list.", ui.palette.textMuted);
    ImGui::End();
    ImGui::PopStyleVar(2);
    ImGui::PopStyleColor(2);
}

// With speech on, the key-help overlay is read as the list it is (it takes the focus while open).
AnnounceFocus keyHelpSpoken(const AppState& m) {
    const ScreenView* view = screens().find(m.screen);
    std::string keys;
    auto add = [&](const std::vector<KeyHint>& list) {
        for (const KeyHint& k : list) keys += std::string(keys.empty() ? "" : "; ") + k.keys + ": " + k.what;
    };
    if (view) add(view->keys);
    add(globalKeys());
    return AnnounceFocus{std::string("Keys: ") + (view ? view->title : "this screen"), "list", keys,
                         "Esc, Enter, F1 or ? closes it", true};
}

// Tab (Right) and Shift+Tab (Left) that found nothing further along the row go on at the start of
// the next row or the end of the previous one: reading order. Called when every window of the frame
// has been submitted, so 1.86 knows the move found nothing; then the move goes on next frame as Down
// (Up) from beyond the left (right) edge: the nearest row below (above), its first (last) control.
// (1.86's own ImGuiNavMoveFlags_WrapX moves Right from the edge itself, which finds nothing when the
// content is a centred column.)
void wrapTabNavigation() {
    constexpr int kKeyTab = 258; // GLFW_KEY_TAB
    ImGuiContext& g = *ImGui::GetCurrentContext();
    ImGuiWindow* window = g.NavWindow;
    if (!window || !rawKeyPressed(kKeyTab, true) || ImGui::GetIO().KeyCtrl) return;
    if (!g.NavMoveScoringItems || g.NavMoveForwardToNextFrame || g.NavLayer != ImGuiNavLayer_Main) return;
    if (g.NavMoveResultLocal.ID != 0 || g.NavMoveResultOther.ID != 0) return; // found one along the row
    if (g.NavMoveDir != ImGuiDir_Right && g.NavMoveDir != ImGuiDir_Left) return;
    const bool forward = g.NavMoveDir == ImGuiDir_Right;
    ImRect from = window->NavRectRel[ImGuiNavLayer_Main];
    // Relative to the window's content start: the left edge is about 0, the right edge its width.
    // 1.86 scores from the rectangle's left side: for Tab that side is far left of every control, so
    // the row's first control is nearest; for Shift+Tab the rectangle starts at the right edge.
    const float span = std::max(ImGui::GetMainViewport()->Size.x, window->SizeFull.x) * 4.0f;
    if (forward) {
        from.Min.x = -window->WindowPadding.x - span;
        from.Max.x = -window->WindowPadding.x + span;
    } else {
        from.Min.x = std::max(window->SizeFull.x, window->ContentSize.x);
        from.Max.x = from.Min.x + span;
    }
    window->NavRectRel[ImGuiNavLayer_Main] = from;
    const ImGuiDir dir = forward ? ImGuiDir_Down : ImGuiDir_Up;
    ImGui::NavMoveRequestForward(dir, dir, ImGuiNavMoveFlags_None, g.NavMoveScrollFlags);
}

// Tab (Shift+Tab) in a text field goes on to the next (previous) control, as in any form; the text is
// already applied, as it is typed. 1.86 gives an active field the arrow keys, so the Right (Left) move
// that Tab stands for (platform applyNavKeys) is dropped while a field is active, and the field's own
// ring may be gone (it was clicked, not reached by keys): without this the first-Tab rule below rang
// the header's first control. The move is made from the field, then wrapped to the next row as usual.
bool tabLeavesTextField() {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    if (g.ActiveId == 0 || !g.ActiveIdWindow || !ImGui::GetInputTextState(g.ActiveId)) return false;
    ImGuiWindow* window = g.ActiveIdWindow;
    const ImGuiID field = g.ActiveId;
    // The field's rectangle, relative to its window, as 1.86 stored it when the field took the focus.
    const ImRect rect = window->NavRectRel[ImGuiNavLayer_Main];
    ImGui::ClearActiveID();
    ImGui::FocusWindow(window);
    ImGui::SetNavID(field, ImGuiNavLayer_Main, window->DC.NavFocusScopeIdCurrent, rect);
    g.NavDisableHighlight = false;
    g.NavDisableMouseHover = true;
    const ImGuiDir dir = ImGui::GetIO().KeyShift ? ImGuiDir_Left : ImGuiDir_Right;
    ImGui::NavMoveRequestSubmit(dir, dir, ImGuiNavMoveFlags_None, ImGuiScrollFlags_None);
    g.NavAnyRequest = true; // NewFrame has passed: the items drawn from here on are scored this frame
    return true;
}

// The first Tab of a screen, with no ring showing, rings a control without moving on: the one 1.86
// already holds (the window's first control when the screen appeared, or the one just clicked), or
// the first control when it holds none. 1.86 took it as a move from that unseen control, so the first
// ring fell on the header's second control. The first Shift+Tab rings the screen's last control.
// Called before the root window is drawn, so a request for the first control is met while it is.
void firstTabShowsTheRing() {
    constexpr int kKeyTab = 258; // GLFW_KEY_TAB
    ImGuiContext& g = *ImGui::GetCurrentContext();
    if (ImGui::GetIO().KeyCtrl || !rawKeyPressed(kKeyTab, true)) return;
    if (tabLeavesTextField()) return;
    if (g.NavId != 0 && !g.NavDisableHighlight) return; // a ring is showing: Tab moves on
    ImGuiWindow* root = ImGui::FindWindowByName(kRootWindowName);
    if (!root || (g.NavWindow && g.NavWindow->RootWindow != root)) return; // a question or the panel has the keys
    ImGui::NavMoveRequestCancel();
    if (ImGui::GetIO().KeyShift) {
        // Shift+Tab rings the screen's last control, as a browser does: a move Up from beyond the
        // window's bottom-right corner finds the lowest row (the footer), and on it the rightmost
        // control. 1.86 fixed this frame's scoring rectangle in NewFrame, so the move goes on next
        // frame, from the rectangle set here. The unseen control 1.86 holds is let go: drawn this
        // frame, it would put its own rectangle back.
        ImGui::FocusWindow(root);
        g.NavId = 0;
        const float right = std::max(root->SizeFull.x, root->ContentSize.x);
        const float bottom = std::max(root->SizeFull.y, root->ContentSize.y) + root->SizeFull.y;
        root->NavRectRel[ImGuiNavLayer_Main] = ImRect(right, bottom, right + root->SizeFull.x * 4.0f, bottom);
        ImGui::NavMoveRequestForward(ImGuiDir_Up, ImGuiDir_Up, ImGuiNavMoveFlags_None, ImGuiScrollFlags_None);
    } else if (g.NavId == 0 || !g.NavWindow) {
        ImGui::FocusWindow(root);
        ImGui::NavInitWindow(root, true);
    }
    g.NavDisableHighlight = false;
    g.NavDisableMouseHover = true; // as any key move: the ringed control shows its hint, not the one under the mouse
}

// Ctrl+Tab moves the keyboard between the screen and the author panel (1.86's own Ctrl+Tab window
// switching is off, since Tab is the app's): the first control of the other window gets the ring.
// Called before the windows are submitted, so 1.86 finds that control while they are drawn.
void switchAuthorPanelFocus(const AppState& m) {
    constexpr int kKeyTab = 258; // GLFW_KEY_TAB
    if (!m.author || m.confirm || !ImGui::GetIO().KeyCtrl || !rawKeyPressed(kKeyTab)) return;
    ImGuiContext& g = *ImGui::GetCurrentContext();
    ImGuiWindow* panel = ImGui::FindWindowByName(kAuthorWindowName);
    ImGuiWindow* root = ImGui::FindWindowByName(kRootWindowName);
    if (!panel || !root) return;
    // The panel takes 1.86's focus when it appears, with no ring shown: that is not "being in it".
    const bool inPanel = g.NavWindow && g.NavWindow->RootWindow == panel && g.NavId != 0 && !g.NavDisableHighlight;
    ImGuiWindow* target = inPanel ? root : panel;
    ImGui::FocusWindow(target);
    ImGui::NavInitWindow(target, true);
    g.NavDisableHighlight = false;
    g.NavDisableMouseHover = true;
}

// A focus ring on a control that is no longer drawn (a new screen, a question answered) would leave
// the keyboard nowhere: Enter pressed nothing and the screen's own Enter (Continue, Start) stood down
// because "something is focused" (UX review defect 3). Such a focus is dropped; the next Tab starts
// at the screen's first control.
void dropDeadFocus() {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    if (g.NavId != 0 && !g.NavIdIsAlive && !g.NavMoveScoringItems && !g.NavMoveForwardToNextFrame && !g.NavInitRequest) {
        g.NavId = 0;
        g.NavDisableHighlight = true;
    }
}

void handleGlobalShortcuts(const AppState& m, CommandSink& sink) {
    if (!shortcutsAllowed()) return;
    const ImGuiIO& io = ImGui::GetIO();
    if (io.KeyCtrl) {
        if (rawKeyPressed(kKeyEqual, true) || rawKeyPressed(kKeyPadAdd, true)) sink.push(SetScale{m.uiScale + kScaleStep});
        if (rawKeyPressed(kKeyMinus, true) || rawKeyPressed(kKeyPadSubtract, true))
            sink.push(SetScale{m.uiScale - kScaleStep});
        if (rawKeyPressed(kKeyDigit0)) sink.push(SetScale{1.0f});
        return;
    }
    if (keyPressed(ImGuiKey_Escape) && m.screen != Screen::Library) sink.push(GoBack{});
}

} // namespace

void drawApp(const AppState& model, UiState& ui, CommandSink& sink) {
    switchAuthorPanelFocus(model); // before any window is drawn: the focus request is met this frame
    // Single display, projector surface: the whole window is the projector view (no header, nothing private).
    if (model.screen == Screen::RoomConsole && model.room && model.room->projector && !model.room->secondWindow) {
        beginSpeechFrame(model, ui);
        drawProjector(model, ui, sink);
        handleRoomKeys(model, ui, sink);
        handleGlobalShortcuts(model, sink);
        handleSpeechKeys(model, ui, sink);
        wrapTabNavigation();
        dropDeadFocus();
        endSpeechFrame(model, ui, sink);
        return;
    }
    firstTabShowsTheRing();
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    const float authorWidth = model.author ? authorPanelWidth() : 0.0f; // author mode: a panel on the right
    ImGui::SetNextWindowSize(ImVec2(viewport->WorkSize.x - authorWidth, viewport->WorkSize.y));
    // No background: the loop clears the frame to the same colour (window.cpp), and on a software
    // renderer a full-screen fill is a large share of each frame (tools/bench).
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                   ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoBackground;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    pushFont(ui.fonts.body);
    ImGui::Begin(kRootWindowName, nullptr, flags);
    ImGui::PopStyleVar();
    beginSpeechFrame(model, ui);

    drawHeaderBar(model, ui, sink);
    drawStatus(model, ui, sink);

    // While a question is open the screen behind it is drawn but deaf: what it pushes (a click, a key
    // such as Enter meaning "resume") is dropped, so only the question can be answered.
    // The key-help overlay opens and closes before the screen draws, so the key that closes it (Esc,
    // Enter) reaches nothing behind it.
    const bool helpWasOpen = ui.keyHelpOpen;
    if (!model.confirm && keyHelpToggled()) ui.keyHelpOpen = !ui.keyHelpOpen;
    else if (ui.keyHelpOpen && (keyPressed(ImGuiKey_Escape) || keyPressed(ImGuiKey_Enter) || keyPressed(ImGuiKey_KeyPadEnter)))
        ui.keyHelpOpen = false;
    const bool helpBusy = helpWasOpen || ui.keyHelpOpen;
    if (model.speech && ui.keyHelpOpen && !helpWasOpen) sink.push(keyHelpSpoken(model));
    CommandSink behindQuestion;
    CommandSink& screenSink = model.confirm || helpBusy ? behindQuestion : sink;
    if (const ScreenView* view = screens().find(model.screen)) view->draw(model, ui, screenSink);
    else screens().find(Screen::Library)->draw(model, ui, screenSink); // an unknown screen id: never a blank window

    if (model.confirm) {
        if (keyPressed(ImGuiKey_Escape)) sink.push(CancelPending{});
    } else if (!helpBusy) {
        handleGlobalShortcuts(model, sink);
    }
    ImGui::End();
    drawAuthorPanel(model, ui, screenSink);
    drawConfirmation(model, ui, sink);
    if (ui.keyHelpOpen && !model.confirm) drawKeyHelp(model, ui);
    handleSpeechKeys(model, ui, sink);
    wrapTabNavigation();
    dropDeadFocus();
    endSpeechFrame(model, ui, sink);
    popFont(ui.fonts.body);
}

} // namespace wp::ui
