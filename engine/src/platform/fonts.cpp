// Font loading (see fonts.h).
#include "wholepicture/platform/fonts.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <memory>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "wholepicture/core/lint_cache.h"
#include "wholepicture/ui/projector.h"
#include "wholepicture/ui/theme.h"

namespace wp::platform {

namespace {

// Latin-1 and Latin Extended-A for names, plus the punctuation scenario text uses: dashes, curly
// quotes, bullets, ellipsis, the breadcrumb chevron, arrows and check marks. The atlas keeps a
// pointer to this table until it is built, so it must be static storage (constant data, not state).
constexpr ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF, // Basic Latin + Latin-1 Supplement
    0x0100, 0x017F, // Latin Extended-A
    0x2010, 0x2027, // dashes, quotes, bullet, ellipsis
    0x2030, 0x203A, // per mille, primes, single guillemets
    0x2190, 0x2195, // arrows (incl. the two-way arrow author mode uses for map links)
    0x2212, 0x2212, // minus sign
    0x2713, 0x2717, // check marks and crosses
    0,
};

// How a face is drawn: at the size it is baked at (every face of the app's own window), or scaled (the
// projector's faces, fitted to the room's screen with SetWindowFontScale).
enum class Drawn { AtBakedSize, Scaled };

// `spacing` > 1: the glyphs move down by half the extra height; the line height is raised after the
// atlas is built (spaced()).
//
// A file mapped read-only: no copy, its pages are the page cache's and are read when touched. Font
// files are replaced by renaming (package upgrades), so a mapping keeps the file it was made of whole.
class MappedFile {
public:
    // Null when the file cannot be opened or mapped, is empty or is larger than 64 MiB.
    static std::unique_ptr<MappedFile> open(const std::string& path) {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return nullptr;
        struct stat st {};
        void* data = MAP_FAILED;
        if (::fstat(fd, &st) == 0 && st.st_size > 0 && st.st_size <= (off_t{64} << 20))
            data = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
        ::close(fd);
        if (data == MAP_FAILED) return nullptr;
        std::unique_ptr<MappedFile> file(new MappedFile);
        file->m_data = static_cast<const char*>(data);
        file->m_size = static_cast<size_t>(st.st_size);
        file->m_identity = path + "/" + std::to_string(st.st_size) + "/" + std::to_string(st.st_mtim.tv_sec) + "." +
                           std::to_string(st.st_mtim.tv_nsec) + "/" + std::to_string(st.st_ino);
        return file;
    }
    ~MappedFile() { ::munmap(const_cast<char*>(m_data), m_size); }
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    [[nodiscard]] std::string_view bytes() const { return {m_data, m_size}; }
    // The file by path, size, modification time and inode: a changed file is another file.
    [[nodiscard]] const std::string& identity() const { return m_identity; }

private:
    MappedFile() = default;
    const char* m_data = nullptr;
    size_t m_size = 0;
    std::string m_identity;
};

// Each font file mapped once, for the process: the faces of one file share its bytes (the atlas holds a
// pointer, not a copy: FontDataOwnedByAtlas false), where AddFontFromFileTTF read the file into every
// face. Kept after a rebuild too, since an atlas may Build() again from them. A few files at most (the
// default font and OpenDyslexic, regular and bold).
std::mutex s_fontFilesMutex;
std::map<std::string, std::unique_ptr<MappedFile>> s_fontFiles;

const MappedFile* fontFile(const std::string& path) {
    std::lock_guard lock(s_fontFilesMutex);
    if (auto it = s_fontFiles.find(path); it != s_fontFiles.end()) return it->second.get();
    std::unique_ptr<MappedFile> file = MappedFile::open(path);
    return file ? (s_fontFiles[path] = std::move(file)).get() : nullptr;
}

// The identity of the mapped font file that `data` is, or empty (font data from elsewhere).
std::string fontFileIdentity(const void* data) {
    std::lock_guard lock(s_fontFilesMutex);
    for (const auto& [path, file] : s_fontFiles)
        if (file->bytes().data() == data) return file->identity();
    return {};
}

// A face drawn at its baked size is baked one texel per pixel with every glyph on a whole pixel
// (PixelSnapH): each pixel then samples a texel's centre, so the frame can sample the atlas with nearest
// filtering and get what linear filtering gives (font_texture.h), and the atlas is half as wide as with
// two horizontal samples. A scaled face keeps two, for smooth edges when it is shrunk.
ImFont* addFont(const std::string& file, float px, float spacing = 1.0f, Drawn drawn = Drawn::AtBakedSize) {
    const MappedFile* font = fontFile(file);
    if (!font) return nullptr;
    ImFontConfig config;
    config.FontDataOwnedByAtlas = false;
    config.OversampleH = drawn == Drawn::AtBakedSize ? 1 : 2;
    config.OversampleV = 1;
    config.PixelSnapH = drawn == Drawn::AtBakedSize;
    config.GlyphOffset.y = std::floor(px * (spacing - 1.0f) * 0.5f);
    std::snprintf(config.Name, sizeof config.Name, "%s, %.0fpx", std::filesystem::path(file).filename().c_str(), px);
    // (ImGui takes the data as void*, but reads it only.)
    return ImGui::GetIO().Fonts->AddFontFromMemoryTTF(const_cast<char*>(font->bytes().data()), static_cast<int>(font->bytes().size()),
                                                      px, &config, kGlyphRanges);
}

// Line height = FontSize: raising it after the build spaces the lines (glyph quads keep their size).
void spaced(ImFont* font, float spacing) {
    if (font && spacing > 1.0f) font->FontSize = std::floor(font->FontSize * spacing);
}

bool exists(const std::string& file) {
    std::error_code ec;
    return std::filesystem::exists(file, ec);
}

// [SECTION] The atlas cache

extern "C" int stbtt_InitFont(void* info, const unsigned char* data, int offset); // libstb: the rasteriser

constexpr char kCacheMagic[8] = {'W', 'P', 'F', 'O', 'N', 'T', 'S', '\0'};
constexpr std::uint32_t kCacheFormat = 1;
constexpr int kMaxTextureSide = 16384;
constexpr std::uint32_t kMaxGlyphs = 1u << 20;
constexpr int kCacheFilesKept = 8; // scales, fonts and spacings a machine has used lately

std::string hex(std::uint64_t v) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

// The shared library that rasterises (libstb), by path, size and modification time: an upgraded
// rasteriser may draw the glyphs differently.
std::string rasteriserStamp() {
    static const std::string stamp = [] {
        Dl_info info{};
        if (!dladdr(reinterpret_cast<void*>(&stbtt_InitFont), &info) || !info.dli_fname) return std::string("stb:?");
        std::error_code ec;
        const std::filesystem::path lib = info.dli_fname;
        std::string id = "stb:" + lib.string();
        if (const auto size = std::filesystem::file_size(lib, ec); !ec) id += "/" + std::to_string(size);
        if (const auto when = std::filesystem::last_write_time(lib, ec); !ec) id += "/" + std::to_string(when.time_since_epoch().count());
        return id;
    }();
    return stamp;
}

// Everything the build reads: the program (which fixes ImGui's version and our faces' code), the
// rasteriser, the atlas's options and each face's config, font file and glyph ranges. Our own font
// files by identity (reading them through would touch every page of a file the cached atlas never
// reads); font data from elsewhere by its bytes. And the line spacing, which changes the body faces'
// line height after the build (a small spacing can leave their configs as they were).
std::uint64_t atlasSignature(const ImFontAtlas& atlas, float lineSpacing) {
    std::string key = "wholepicture-fonts-" + std::to_string(kCacheFormat) + "/" + hex(programStamp()) + "/" + rasteriserStamp();
    auto add = [&key](const auto& value) { key.append(reinterpret_cast<const char*>(&value), sizeof value); };
    add(lineSpacing), add(atlas.Flags), add(atlas.TexDesiredWidth), add(atlas.TexGlyphPadding), add(atlas.FontBuilderFlags);
    for (const ImFontConfig& c : atlas.ConfigData) {
        const std::string identity = fontFileIdentity(c.FontData);
        key += identity.empty() ? hex(std::hash<std::string_view>{}(std::string_view(static_cast<const char*>(c.FontData),
                                                                                     static_cast<size_t>(c.FontDataSize))))
                                : identity;
        add(c.FontDataSize), add(c.FontNo), add(c.SizePixels), add(c.OversampleH), add(c.OversampleV), add(c.PixelSnapH);
        add(c.GlyphExtraSpacing), add(c.GlyphOffset), add(c.GlyphMinAdvanceX), add(c.GlyphMaxAdvanceX), add(c.MergeMode);
        add(c.FontBuilderFlags), add(c.RasterizerMultiply), add(c.EllipsisChar);
        for (const ImWchar* r = c.GlyphRanges; r && *r; ++r) add(*r);
        key.push_back('|');
    }
    return fnv1a64(key);
}

// Plain values in and out of a byte string, in this machine's layout (the cache never leaves it).
struct Writer {
    std::string bytes;
    template <typename T> void put(const T& v) { bytes.append(reinterpret_cast<const char*>(&v), sizeof v); }
    template <typename T> void putVector(const ImVector<T>& v) {
        put(static_cast<std::uint32_t>(v.Size));
        if (v.Size > 0) bytes.append(reinterpret_cast<const char*>(v.Data), sizeof(T) * static_cast<size_t>(v.Size));
    }
};

struct Reader {
    std::string_view bytes;
    bool ok = true;
    template <typename T> T get() {
        T v{};
        if (!ok || bytes.size() < sizeof v) return ok = false, v;
        std::memcpy(&v, bytes.data(), sizeof v);
        bytes.remove_prefix(sizeof v);
        return v;
    }
    template <typename T, size_t N> void getArray(T (&out)[N]) {
        if (!ok || bytes.size() < sizeof out) return void(ok = false);
        std::memcpy(out, bytes.data(), sizeof out);
        bytes.remove_prefix(sizeof out);
    }
    template <typename T> bool getVector(ImVector<T>& out, std::uint32_t maxSize) {
        const auto n = get<std::uint32_t>();
        if (!ok || n > maxSize || bytes.size() < sizeof(T) * n) return ok = false;
        out.resize(static_cast<int>(n));
        if (n > 0) std::memcpy(out.Data, bytes.data(), sizeof(T) * n);
        bytes.remove_prefix(sizeof(T) * n);
        return true;
    }
};

// The build's output: the texture (pixels, UVs, custom rectangles) and each font's glyphs, lookup
// tables and metrics (FontSize after the line spacing). The inputs (configs, font data) are not stored:
// the faces are added as for a build, and their configs take part in the signature.
std::string serialiseAtlas(const ImFontAtlas& atlas, std::uint64_t signature) {
    Writer w;
    w.bytes.append(kCacheMagic, sizeof kCacheMagic);
    w.put(kCacheFormat), w.put(signature);
    w.put(static_cast<std::uint32_t>(sizeof(ImWchar))), w.put(static_cast<std::uint32_t>(sizeof(ImFontGlyph)));
    w.put(atlas.TexWidth), w.put(atlas.TexHeight), w.put(atlas.TexUvScale), w.put(atlas.TexUvWhitePixel), w.put(atlas.TexUvLines);
    w.put(atlas.PackIdMouseCursors), w.put(atlas.PackIdLines);
    w.put(static_cast<std::uint32_t>(atlas.CustomRects.Size));
    for (const ImFontAtlasCustomRect& r : atlas.CustomRects) {
        IM_ASSERT(r.Font == nullptr && "fonts.cpp: the cache keeps no custom glyphs");
        w.put(r.Width), w.put(r.Height), w.put(r.X), w.put(r.Y), w.put(r.GlyphID), w.put(r.GlyphAdvanceX), w.put(r.GlyphOffset);
    }
    w.put(static_cast<std::uint32_t>(atlas.Fonts.Size));
    for (const ImFont* f : atlas.Fonts) {
        w.put(f->FontSize), w.put(f->Ascent), w.put(f->Descent), w.put(f->Scale), w.put(f->FallbackAdvanceX);
        w.put(f->FallbackChar), w.put(f->EllipsisChar), w.put(f->DotChar), w.put(f->MetricsTotalSurface), w.put(f->Used4kPagesMap);
        w.put(static_cast<std::int32_t>(f->FallbackGlyph ? f->FallbackGlyph - f->Glyphs.Data : -1));
        w.putVector(f->Glyphs), w.putVector(f->IndexAdvanceX), w.putVector(f->IndexLookup);
    }
    w.bytes.append(reinterpret_cast<const char*>(atlas.TexPixelsAlpha8), static_cast<size_t>(atlas.TexWidth) * static_cast<size_t>(atlas.TexHeight));
    w.put(static_cast<std::uint64_t>(std::hash<std::string_view>{}(w.bytes))); // damage shows as a miss
    return std::move(w.bytes);
}

// The atlas (its faces added, not built) as the build left it, from `bytes`; false, with the atlas
// untouched, when they are not a whole, undamaged entry for `signature` and these faces.
bool restoreAtlas(ImFontAtlas& atlas, std::string_view bytes, std::uint64_t signature) {
    if (atlas.ConfigData.Size != atlas.Fonts.Size) return false; // merged faces: config i is not font i
    if (bytes.size() < sizeof kCacheMagic + sizeof(std::uint64_t) || std::memcmp(bytes.data(), kCacheMagic, sizeof kCacheMagic) != 0)
        return false;
    std::uint64_t checksum = 0;
    std::memcpy(&checksum, bytes.data() + bytes.size() - sizeof checksum, sizeof checksum);
    bytes.remove_suffix(sizeof checksum);
    if (std::hash<std::string_view>{}(bytes) != checksum) return false;
    Reader r{bytes.substr(sizeof kCacheMagic)};
    if (r.get<std::uint32_t>() != kCacheFormat || r.get<std::uint64_t>() != signature || r.get<std::uint32_t>() != sizeof(ImWchar) ||
        r.get<std::uint32_t>() != sizeof(ImFontGlyph) || !r.ok)
        return false;
    const auto width = r.get<int>(), height = r.get<int>();
    const auto uvScale = r.get<ImVec2>(), white = r.get<ImVec2>();
    decltype(atlas.TexUvLines) lines;
    r.getArray(lines);
    const auto packCursors = r.get<int>(), packLines = r.get<int>();
    const auto rectCount = r.get<std::uint32_t>();
    if (!r.ok || width <= 0 || height <= 0 || width > kMaxTextureSide || height > kMaxTextureSide || rectCount > 64) return false;
    ImVector<ImFontAtlasCustomRect> rects;
    for (std::uint32_t i = 0; i < rectCount; ++i) {
        ImFontAtlasCustomRect c;
        c.Width = r.get<unsigned short>(), c.Height = r.get<unsigned short>(), c.X = r.get<unsigned short>(), c.Y = r.get<unsigned short>();
        c.GlyphID = r.get<unsigned int>(), c.GlyphAdvanceX = r.get<float>(), c.GlyphOffset = r.get<ImVec2>();
        rects.push_back(c);
    }
    if (!r.ok || r.get<std::uint32_t>() != static_cast<std::uint32_t>(atlas.Fonts.Size) || !r.ok) return false;

    // Read into fresh fonts first: the atlas changes only when the whole entry has been read.
    struct Restored {
        ImFont font;
        std::int32_t fallback = -1;
    };
    std::vector<std::unique_ptr<Restored>> fonts;
    for (int i = 0; i < atlas.Fonts.Size; ++i) {
        auto x = std::make_unique<Restored>();
        ImFont& f = x->font;
        f.FontSize = r.get<float>(), f.Ascent = r.get<float>(), f.Descent = r.get<float>(), f.Scale = r.get<float>();
        f.FallbackAdvanceX = r.get<float>();
        f.FallbackChar = r.get<ImWchar>(), f.EllipsisChar = r.get<ImWchar>(), f.DotChar = r.get<ImWchar>();
        f.MetricsTotalSurface = r.get<int>();
        r.getArray(f.Used4kPagesMap);
        x->fallback = r.get<std::int32_t>();
        if (!r.getVector(f.Glyphs, kMaxGlyphs) || !r.getVector(f.IndexAdvanceX, 0x110000) || !r.getVector(f.IndexLookup, 0x110000)) return false;
        if (x->fallback < -1 || x->fallback >= f.Glyphs.Size) return false;
        for (const ImWchar index : f.IndexLookup)
            if (index != static_cast<ImWchar>(-1) && index >= f.Glyphs.Size) return false; // would read past the glyphs
        fonts.push_back(std::move(x));
    }
    const size_t pixelCount = static_cast<size_t>(width) * static_cast<size_t>(height);
    if (!r.ok || r.bytes.size() != pixelCount) return false;
    for (const ImFontAtlasCustomRect& c : rects)
        if (c.X + c.Width > width || c.Y + c.Height > height) return false;

    atlas.ClearTexData();
    atlas.TexPixelsAlpha8 = static_cast<unsigned char*>(IM_ALLOC(pixelCount));
    std::memcpy(atlas.TexPixelsAlpha8, r.bytes.data(), pixelCount);
    atlas.TexWidth = width, atlas.TexHeight = height, atlas.TexUvScale = uvScale, atlas.TexUvWhitePixel = white;
    std::memcpy(atlas.TexUvLines, lines, sizeof lines);
    atlas.CustomRects = rects;
    atlas.PackIdMouseCursors = packCursors, atlas.PackIdLines = packLines;
    // As ImFontAtlasBuildSetupFont and ImFontAtlasBuildFinish leave each font (one config a font: no merging).
    for (int i = 0; i < atlas.Fonts.Size; ++i) {
        ImFont& dst = *atlas.Fonts[i];
        ImFont& src = fonts[static_cast<size_t>(i)]->font;
        dst.ClearOutputData();
        dst.FontSize = src.FontSize, dst.Ascent = src.Ascent, dst.Descent = src.Descent, dst.Scale = src.Scale;
        dst.FallbackAdvanceX = src.FallbackAdvanceX, dst.FallbackChar = src.FallbackChar, dst.EllipsisChar = src.EllipsisChar;
        dst.DotChar = src.DotChar, dst.MetricsTotalSurface = src.MetricsTotalSurface;
        std::memcpy(dst.Used4kPagesMap, src.Used4kPagesMap, sizeof dst.Used4kPagesMap);
        dst.Glyphs.swap(src.Glyphs), dst.IndexAdvanceX.swap(src.IndexAdvanceX), dst.IndexLookup.swap(src.IndexLookup);
        const std::int32_t fallback = fonts[static_cast<size_t>(i)]->fallback;
        dst.FallbackGlyph = fallback >= 0 ? &dst.Glyphs[fallback] : nullptr;
        dst.DirtyLookupTables = false;
        dst.ContainerAtlas = &atlas;
        dst.ConfigData = &atlas.ConfigData[i];
        dst.ConfigDataCount = 1;
    }
    atlas.TexReady = true;
    return true;
}

// Written whole under another name, then renamed: a reader never sees half a file. The oldest entries
// beyond kCacheFilesKept go. Best effort: a disk that cannot take it is silently not written.
void writeCacheFile(const std::filesystem::path& file, const std::string& bytes) {
    static std::atomic<unsigned> serial{0};
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    const std::filesystem::path temp = file.parent_path() / (file.filename().string() + "." + std::to_string(::getpid()) + "-" + std::to_string(serial++) + ".tmp");
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out) return;
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!out.flush()) {
            out.close();
            std::filesystem::remove(temp, ec);
            return;
        }
    }
    std::filesystem::rename(temp, file, ec);
    if (ec) {
        std::filesystem::remove(temp, ec);
        return;
    }
    std::vector<std::pair<std::filesystem::file_time_type, std::filesystem::path>> entries;
    for (const auto& e : std::filesystem::directory_iterator(file.parent_path(), ec))
        if (e.path().extension() == ".atlas") entries.emplace_back(e.last_write_time(ec), e.path());
    if (entries.size() <= static_cast<size_t>(kCacheFilesKept)) return;
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (size_t i = kCacheFilesKept; i < entries.size(); ++i)
        if (entries[i].second != file) std::filesystem::remove(entries[i].second, ec);
}

} // namespace

FontFiles openDyslexicFiles() {
    const std::string dir = "/usr/share/fonts/opentype/opendyslexic/";
    return {dir + "OpenDyslexic-Regular.otf", dir + "OpenDyslexic-Bold.otf", 1.25f};
}

FontFiles fontFilesFor(const std::string& font, bool& missing) {
    missing = false;
    if (font != "opendyslexic") return {};
    const FontFiles od = openDyslexicFiles();
    if (exists(od.regular)) return {od.regular, exists(od.bold) ? od.bold : od.regular, 1.25f};
    missing = true;
    return {};
}

ui::UiFonts loadFonts(float scale, bool projector, const FontFiles& files, FontLayout layout, const FontCache* cache, FontSource* source) {
    ImGuiIO& io = ImGui::GetIO();
    if (source) *source = FontSource::BuiltIn;
    io.Fonts->Clear();
    auto px = [&](float base) { return std::floor(base * scale * files.sizeFactor); };

    ui::UiFonts fonts;
    // The first font added is the default one, so the body font goes first.
    const float spacing = std::clamp(layout.lineSpacing, 1.0f, 2.0f);
    fonts.body = addFont(files.regular, px(ui::kBodyPx), spacing);
    if (!fonts.body) {
        // Missing fonts-dejavu-core: ImGui's built-in font, scaled by its own size rather than blurred.
        ImFontConfig config;
        config.SizePixels = std::floor(13.0f * scale * 1.25f);
        io.Fonts->AddFontDefault(&config);
        io.Fonts->Build();
        return {};
    }
    fonts.bold = addFont(files.bold, px(ui::kBodyPx), spacing);
    fonts.small = addFont(files.regular, px(ui::kSmallPx), spacing);
    fonts.heading = addFont(files.bold, px(ui::kHeadingPx));
    fonts.title = addFont(files.bold, px(ui::kTitlePx));
    // The projector's large faces are most of the atlas: only once a room exists (window.cpp).
    if (projector) {
        fonts.projectorBody = addFont(files.regular, px(ui::kProjectorBodyPx), 1.0f, Drawn::Scaled);
        fonts.projectorBold = addFont(files.bold, px(ui::kProjectorBodyPx), 1.0f, Drawn::Scaled);
        fonts.projectorTitle = addFont(files.bold, px(ui::kProjectorTitlePx), 1.0f, Drawn::Scaled);
    }
    const bool cached = cache && !cache->dir.empty();
    const std::uint64_t signature = cached ? atlasSignature(*io.Fonts, spacing) : 0;
    const std::filesystem::path file = cached ? cache->dir / (hex(signature) + ".atlas") : std::filesystem::path();
    const std::unique_ptr<MappedFile> entry = cached ? MappedFile::open(file.string()) : nullptr;
    if (entry && restoreAtlas(*io.Fonts, entry->bytes(), signature)) {
        if (source) *source = FontSource::Cached;
        return fonts;
    }
    io.Fonts->Build();
    for (ImFont* f : {fonts.body, fonts.bold, fonts.small}) spaced(f, spacing);
    if (source) *source = FontSource::Built;
    if (cached && cache->write && io.Fonts->TexPixelsAlpha8) writeCacheFile(file, serialiseAtlas(*io.Fonts, signature));
    return fonts;
}

} // namespace wp::platform
