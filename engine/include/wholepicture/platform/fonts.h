// Fonts: DejaVu Sans from Debian's fonts-dejavu-core, loaded at floor(px * scale) so text stays
// sharp at any UI scale (never io.FontGlobalScale: it blurs). Falls back to ImGui's built-in font.
#pragma once
#include <string>

#include "wholepicture/ui/ui_state.h"

namespace wp::platform {

struct FontFiles {
    std::string regular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    std::string bold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
    // Pixel sizes are multiplied by this: OpenDyslexic draws its letters small for its size (a tall
    // ascent and descent), so it is loaded larger to read at the same size as DejaVu Sans.
    float sizeFactor = 1.0f;
};

// Debian's fonts-opendyslexic, when installed.
[[nodiscard]] FontFiles openDyslexicFiles();
// The files for a font setting ("default", "opendyslexic"). `missing` is set when the chosen font is
// not installed: the default files come back and the settings screen says so.
[[nodiscard]] FontFiles fontFilesFor(const std::string& font, bool& missing);

// How the body text is laid out: `lineSpacing` (1.0-2.0) makes each line of the body, bold and small
// faces that much taller, the glyphs centred in it (ImGui 1.86 has no line spacing of its own).
struct FontLayout {
    float lineSpacing = 1.0f;
};

// Clears the atlas and adds the UI fonts at `scale`, with the projector's large faces only when
// `projector` (a room exists: they are most of the atlas and of the time to build it). Returns the
// fonts (nullptrs where the built-in font stands in). The GL texture must be recreated afterwards.
[[nodiscard]] ui::UiFonts loadFonts(float scale, bool projector, const FontFiles& files = {}, FontLayout layout = {});

} // namespace wp::platform
