#include "wholepicture/core/compiled_case.h"

#include <cstdio>
#include <cstring>
#include <type_traits>

#include "wholepicture/core/content_hash.h"
#include "wholepicture/core/json_file.h"

namespace wp {

// Named, inside the unnamed namespace: a unity build compiles this file in one unit with others
// (lint_cache.cpp has its own hex()).
namespace {
namespace compiled {

// Bumped whenever the encoding below changes; the program stamp in the signature covers a rebuilt
// binary, this covers an entry written by this same build under an older layout (never, today).
constexpr std::uint32_t kCompiledCaseFormat = 1;
constexpr char kMagic[8] = {'W', 'P', 'C', 'A', 'S', 'E', '\n', '\0'};
// A 2,000-decision case (10 MB of JSON) encodes to about 7 MB.
constexpr size_t kMaxEntryBytes = size_t{64} << 20;
// Conditions nest inside "any"; the scenario's reader stops at 8 levels, a corrupt entry stops here.
constexpr int kMaxConditionDepth = 16;

// Adding a field to one of these structs must add it to its fields() below as well, or the cached case
// would silently lose it: the sizes make the compiler say so for most additions (on the toolchain the project
// builds with; a bool may hide in padding, which the round-trip test of every bundled case catches).
#if defined(__GLIBCXX__) && defined(__x86_64__)
static_assert(sizeof(RoleText) == 80 && sizeof(FactRef) == 64 && sizeof(Condition) == 96 && sizeof(Branch) == 160 &&
                  sizeof(Link) == 104 && sizeof(Share) == 56 && sizeof(Effects) == 144 && sizeof(GuidanceCitation) == 64 &&
                  sizeof(Feedback) == 104 && sizeof(Option) == 528 && sizeof(Perspective) == 128 &&
                  sizeof(ThresholdPoint) == 104 && sizeof(ChronologyPoint) == 88 && sizeof(EscalationStep) == 96 &&
                  sizeof(ChallengeApproach) == 136 && sizeof(ChallengePoint) == 272 && sizeof(DebriefPrompt) == 40 &&
                  sizeof(Node) == 1064 && sizeof(Fact) == 224 && sizeof(Stage) == 96 && sizeof(CastMember) == 152 &&
                  sizeof(CriticalAction) == 96 && sizeof(FlagInfo) == 64 && sizeof(DimensionWeight) == 40 &&
                  sizeof(Scenario) == 752,
              "a scenario struct changed: list its new field in compiled_case.cpp's fields(), then update these sizes");
#endif

// Each struct's fields, once, for both directions: `a` is the encoder (const structs) or the decoder.
template <class T, class U>
concept Is = std::is_same_v<std::remove_const_t<T>, U>;

void fields(auto& a, Is<RoleText> auto& x) { a(x.fallback, x.byRole); }
void fields(auto& a, Is<FactRef> auto& x) { a(x.role, x.fact); }
void fields(auto& a, Is<Condition> auto& x) {
    a(x.flagsSet, x.flagsUnset, x.knows);
    a.nested([&] { a(x.any); });
}
void fields(auto& a, Is<Branch> auto& x) { a(x.when, x.to, x.pointer); }
void fields(auto& a, Is<Link> auto& x) { a(x.from, x.to, x.flow, x.strength, x.note); }
void fields(auto& a, Is<Share> auto& x) { a(x.fact, x.to); }
void fields(auto& a, Is<Effects> auto& x) { a(x.share, x.links, x.scores, x.set, x.clear); }
void fields(auto& a, Is<GuidanceCitation> auto& x) { a(x.ref, x.section); }
void fields(auto& a, Is<Feedback> auto& x) { a(x.outcome, x.views, x.guidance); }
void fields(auto& a, Is<Option> auto& x) {
    a(x.id, x.text, x.roles, x.when, x.effects, x.feedback, x.critical, x.historical, x.next, x.pointer);
}
void fields(auto& a, Is<Perspective> auto& x) { a(x.role, x.knows, x.thinks, x.pressures); }
void fields(auto& a, Is<ThresholdPoint> auto& x) { a(x.level, x.defensible, x.atTheTime, x.why, x.pointer); }
void fields(auto& a, Is<ChronologyPoint> auto& x) { a(x.why, x.mattered, x.pointer); }
void fields(auto& a, Is<EscalationStep> auto& x) { a(x.who, x.how, x.within); }
void fields(auto& a, Is<ChallengeApproach> auto& x) { a(x.id, x.text, x.tone, x.childFocus, x.feedback, x.pointer); }
void fields(auto& a, Is<ChallengePoint> auto& x) {
    a(x.agency, x.decision, x.roles, x.approaches, x.reply, x.escalation, x.resolvesAt, x.outcome, x.why, x.pointer);
}
void fields(auto& a, Is<DebriefPrompt> auto& x) { a(x.step, x.text); }
void fields(auto& a, Is<Node> auto& x) {
    a(x.id, x.type, x.stage, x.title, x.text, x.situation, x.question, x.perspectives, x.options, x.threshold, x.chronology,
      x.challenge, x.next, x.reveals, x.endingRoles, x.whatHappened, x.proposals, x.prompts, x.pointer);
}
void fields(auto& a, Is<Fact> auto& x) { a(x.id, x.stage, x.holders, x.text, x.key, x.neededBy, x.date, x.concern, x.pointer); }
void fields(auto& a, Is<Stage> auto& x) { a(x.id, x.title, x.date); }
void fields(auto& a, Is<CastMember> auto& x) { a(x.id, x.name, x.kind, x.roles, x.description); }
void fields(auto& a, Is<CriticalAction> auto& x) { a(x.id, x.kind, x.roles, x.text); }
void fields(auto& a, Is<FlagInfo> auto& x) { a(x.id, x.description); }
void fields(auto& a, Is<DimensionWeight> auto& x) { a(x.id, x.weight); }
// The indexes (nodeIndex and the rest) are not stored: indexScenario rebuilds them.
void fields(auto& a, Is<Scenario> auto& x) {
    a(x.formatVersion, x.title, x.childName, x.childAge, x.childSummary, x.caseSummary, x.cast, x.dimensions, x.stages,
      x.facts, x.flags, x.criticalActions, x.initialMap, x.historicalMap, x.historicalNote, x.start, x.nodes, x.roleLabels);
}

// How many values each enum has: a decoded byte outside it makes the entry unusable.
template <class E> constexpr int enumValues();
template <> constexpr int enumValues<Flow>() { return 2; }
template <> constexpr int enumValues<Strength>() { return 2; }
template <> constexpr int enumValues<NodeType>() { return 3; }
template <> constexpr int enumValues<ThresholdLevel>() { return kThresholdLevelCount; }
template <> constexpr int enumValues<ChallengeRating>() { return 3; }
template <> constexpr int enumValues<CriticalKind>() { return 2; }

template <class T> struct IsVector : std::false_type {};
template <class T> struct IsVector<std::vector<T>> : std::true_type {};
template <class T> struct IsMap : std::false_type {};
template <class K, class V> struct IsMap<std::map<K, V>> : std::true_type {};
template <class T> struct IsOptional : std::false_type {};
template <class T> struct IsOptional<std::optional<T>> : std::true_type {};

class Encoder {
public:
    explicit Encoder(std::string& out) : m_out(out) {}
    template <class... T> void operator()(const T&... values) { (put(values), ...); }
    template <class F> void nested(F&& f) { f(); }

private:
    void raw(const void* p, size_t n) { m_out.append(static_cast<const char*>(p), n); }
    void count(size_t n) {
        const auto n32 = static_cast<std::uint32_t>(n);
        raw(&n32, sizeof n32);
    }
    template <class T> void put(const T& v) {
        if constexpr (std::is_same_v<T, std::string>) {
            count(v.size());
            raw(v.data(), v.size());
        } else if constexpr (std::is_same_v<T, bool>) {
            const std::uint8_t b = v ? 1 : 0;
            raw(&b, 1);
        } else if constexpr (std::is_same_v<T, int> || std::is_same_v<T, double>) {
            raw(&v, sizeof v);
        } else if constexpr (std::is_enum_v<T>) {
            const auto b = static_cast<std::uint8_t>(v);
            raw(&b, 1);
        } else if constexpr (IsVector<T>::value) {
            count(v.size());
            for (const auto& e : v) put(e);
        } else if constexpr (IsMap<T>::value) {
            count(v.size());
            for (const auto& [key, value] : v) put(key), put(value);
        } else if constexpr (IsOptional<T>::value) {
            put(v.has_value());
            if (v) put(*v);
        } else {
            fields(*this, v);
        }
    }
    std::string& m_out;
};

class Decoder {
public:
    explicit Decoder(std::string_view in) : m_in(in) {}
    template <class... T> void operator()(T&... values) { (get(values), ...); }
    template <class F> void nested(F&& f) {
        if (++m_depth > kMaxConditionDepth) m_ok = false;
        else f();
        --m_depth;
    }
    [[nodiscard]] bool whole() const { return m_ok && m_at == m_in.size(); }

private:
    bool raw(void* p, size_t n) {
        if (!m_ok || m_in.size() - m_at < n) return m_ok = false;
        std::memcpy(p, m_in.data() + m_at, n);
        m_at += n;
        return true;
    }
    // A count is never more than the bytes left (each element takes at least one), so a corrupt one
    // cannot ask for a huge allocation.
    std::optional<size_t> count() {
        std::uint32_t n = 0;
        if (!raw(&n, sizeof n)) return std::nullopt;
        if (n > m_in.size() - m_at) return m_ok = false, std::nullopt;
        return n;
    }
    template <class T> void get(T& v) {
        if (!m_ok) return;
        if constexpr (std::is_same_v<T, std::string>) {
            if (auto n = count()) {
                v.assign(m_in.data() + m_at, *n);
                m_at += *n;
            }
        } else if constexpr (std::is_same_v<T, bool>) {
            std::uint8_t b = 0;
            if (raw(&b, 1)) {
                if (b > 1) m_ok = false;
                v = b == 1;
            }
        } else if constexpr (std::is_same_v<T, int> || std::is_same_v<T, double>) {
            raw(&v, sizeof v);
        } else if constexpr (std::is_enum_v<T>) {
            std::uint8_t b = 0;
            if (raw(&b, 1)) {
                if (b >= enumValues<T>()) m_ok = false;
                v = static_cast<T>(b);
            }
        } else if constexpr (IsVector<T>::value) {
            if (auto n = count()) {
                v.resize(*n);
                for (auto& e : v) get(e);
            }
        } else if constexpr (IsMap<T>::value) {
            if (auto n = count())
                for (size_t i = 0; i < *n && m_ok; ++i) {
                    typename T::key_type key;
                    typename T::mapped_type value;
                    get(key);
                    get(value);
                    v.emplace(std::move(key), std::move(value));
                }
        } else if constexpr (IsOptional<T>::value) {
            bool present = false;
            get(present);
            if (present) get(v.emplace());
        } else {
            fields(*this, v);
        }
    }
    std::string_view m_in;
    size_t m_at = 0;
    bool m_ok = true;
    int m_depth = 0;
};

struct Header {
    char magic[8];
    std::uint32_t format;
    std::uint32_t reserved;
    std::uint64_t signature;
    std::uint64_t payloadBytes;
};
static_assert(std::is_trivially_copyable_v<Header> && sizeof(Header) == 32);

std::string hex(std::uint64_t v) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

// The folder's part of an entry's name: one case folder, one entry.
std::string folderKey(const std::filesystem::path& dir) {
    std::string folder = dir.lexically_normal().string();
    while (folder.size() > 1 && folder.back() == '/') folder.pop_back();
    return hex(fnv1a64(folder));
}

constexpr const char* kExtension = ".case";

} // namespace compiled
} // namespace

std::string encodeCompiledCase(const Scenario& s, std::uint64_t signature) {
    using namespace compiled;
    std::string out(sizeof(Header), '\0');
    Encoder encoder(out);
    encoder(s);
    Header h{};
    std::memcpy(h.magic, kMagic, sizeof kMagic);
    h.format = kCompiledCaseFormat;
    h.signature = signature;
    h.payloadBytes = out.size() - sizeof(Header);
    std::memcpy(out.data(), &h, sizeof h);
    const std::uint64_t checksum = contentHash64(std::string_view(out).substr(sizeof(Header)), kFnvOffset);
    out.append(reinterpret_cast<const char*>(&checksum), sizeof checksum);
    return out;
}

std::optional<Scenario> decodeCompiledCase(std::string_view bytes, std::uint64_t signature) {
    using namespace compiled;
    try {
        Header h{};
        if (bytes.size() < sizeof h + sizeof(std::uint64_t)) return std::nullopt;
        std::memcpy(&h, bytes.data(), sizeof h);
        if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0 || h.format != kCompiledCaseFormat || h.signature != signature ||
            h.payloadBytes != bytes.size() - sizeof h - sizeof(std::uint64_t))
            return std::nullopt;
        const std::string_view payload = bytes.substr(sizeof h, h.payloadBytes);
        std::uint64_t checksum = 0;
        std::memcpy(&checksum, bytes.data() + sizeof h + h.payloadBytes, sizeof checksum);
        if (checksum != contentHash64(payload, kFnvOffset)) return std::nullopt;
        Scenario s;
        Decoder d(payload);
        d(s);
        if (!d.whole()) return std::nullopt;
        indexScenario(s);
        return s;
    } catch (...) { // bad_alloc on a hostile entry: a miss like any other
        return std::nullopt;
    }
}

std::filesystem::path compiledCaseFile(const LintCache& cache, const std::filesystem::path& dir, std::uint64_t signature) {
    return cache.dir / (compiled::folderKey(dir) + "-" + compiled::hex(signature) + compiled::kExtension);
}

std::optional<Scenario> readCompiledCase(const LintCache& cache, const std::filesystem::path& dir, std::uint64_t signature) {
    if (cache.dir.empty() || signature == 0) return std::nullopt;
    try {
        const std::filesystem::path file = compiledCaseFile(cache, dir, signature);
        std::error_code ec;
        if (!std::filesystem::is_regular_file(file, ec)) return std::nullopt;
        Diagnostics ignored; // an unreadable entry is a miss, never a message
        const auto bytes = readFileSafely(file, ignored, file.string(), compiled::kMaxEntryBytes);
        if (!bytes) return std::nullopt;
        return decodeCompiledCase(*bytes, signature);
    } catch (...) {
        return std::nullopt;
    }
}

bool writeCompiledCase(const LintCache& cache, const std::filesystem::path& dir, std::uint64_t signature, std::string_view bytes) {
    using namespace compiled;
    if (cache.dir.empty() || !cache.write || signature == 0 || bytes.size() > kMaxEntryBytes) return false;
    try {
        const std::filesystem::path file = compiledCaseFile(cache, dir, signature);
        if (!writeCacheEntry(file, bytes)) return false;
        std::error_code ec;
        // The folder's earlier entries (older versions of the case) are of no more use.
        const std::string prefix = folderKey(dir) + "-";
        for (const auto& e : std::filesystem::directory_iterator(cache.dir, ec)) {
            const std::string name = e.path().filename().string();
            if (name.rfind(prefix, 0) == 0 && e.path().extension() == kExtension && e.path() != file)
                std::filesystem::remove(e.path(), ec);
        }
        return true;
    } catch (...) {
        return false;
    }
}

} // namespace wp
