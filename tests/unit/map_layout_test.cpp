#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "wholepicture/core/debrief.h"
#include "wholepicture/core/loader.h"
#include "wholepicture/core/map_layout.h"

using namespace wp;

namespace {

std::vector<CastMember> castOf(size_t n) {
    static const char* kinds[] = {"school", "social_care", "health", "police", "family", "voluntary", "education", "other", "health"};
    std::vector<CastMember> cast;
    for (size_t i = 0; i < n; ++i) {
        CastMember c;
        c.id = "m" + std::to_string(i);
        c.name = "Member " + std::to_string(i);
        c.kind = i == 3 ? "child" : kinds[i % 9]; // the child need not come first
        cast.push_back(c);
    }
    return cast;
}

// A tiny XML well-formedness check: tags nest and close, attributes are quoted, entities are known.
bool wellFormed(const std::string& x, std::string& why) {
    std::vector<std::string> stack;
    size_t i = 0;
    while (i < x.size()) {
        if (x[i] == '&') {
            size_t semi = x.find(';', i);
            std::string ent = semi == std::string::npos ? "" : x.substr(i, semi - i + 1);
            if (ent != "&amp;" && ent != "&lt;" && ent != "&gt;" && ent != "&quot;" && ent != "&#39;") {
                why = "bad entity at " + std::to_string(i);
                return false;
            }
            i = semi + 1;
            continue;
        }
        if (x[i] == '>') {
            why = "stray '>' at " + std::to_string(i);
            return false;
        }
        if (x[i] != '<') {
            ++i;
            continue;
        }
        size_t end = i + 1;
        char quote = 0;
        for (; end < x.size(); ++end) {
            if (quote) {
                if (x[end] == quote) quote = 0;
                else if (x[end] == '<') {
                    why = "'<' inside an attribute at " + std::to_string(end);
                    return false;
                }
            } else if (x[end] == '"' || x[end] == '\'') {
                quote = x[end];
            } else if (x[end] == '>') {
                break;
            } else if (x[end] == '<') {
                why = "'<' inside a tag at " + std::to_string(end);
                return false;
            }
        }
        if (end >= x.size()) {
            why = "unterminated tag";
            return false;
        }
        std::string tag = x.substr(i + 1, end - i - 1);
        if (tag.empty()) {
            why = "empty tag";
            return false;
        }
        if (tag[0] == '/') {
            std::string name = tag.substr(1);
            if (stack.empty() || stack.back() != name) {
                why = "closing </" + name + "> does not match <" + (stack.empty() ? "" : stack.back()) + ">";
                return false;
            }
            stack.pop_back();
        } else if (tag[0] != '?' && tag[0] != '!' && tag.back() != '/') {
            stack.push_back(tag.substr(0, tag.find_first_of(" \n\t")));
        }
        i = end + 1;
    }
    if (!stack.empty()) why = "unclosed <" + stack.back() + ">";
    return stack.empty();
}

} // namespace

TEST(MapLayout, SpacingHoldsFor5To20Members) {
    for (size_t n : {2u, 5u, 8u, 12u, 13u, 15u, 19u, 20u}) {
        MapLayout l = layoutCast(castOf(n));
        ASSERT_EQ(l.nodes.size(), n);
        EXPECT_GE(minPairwiseDistance(l), kMapMinSpacing) << n << " members";
        EXPECT_DOUBLE_EQ(l.minSpacing, minPairwiseDistance(l));
        for (const auto& p : l.nodes) {
            EXPECT_GE(p.x, kMapEdgeMargin) << n;
            EXPECT_LE(p.x, 1 - kMapEdgeMargin) << n;
            EXPECT_GE(p.y, kMapEdgeMargin) << n;
            EXPECT_LE(p.y, 1 - kMapEdgeMargin) << n;
        }
        // Boxes never overlap: for every pair, separated on x by a box width or on y by a box height.
        for (size_t i = 0; i < l.nodes.size(); ++i)
            for (size_t j = i + 1; j < l.nodes.size(); ++j) {
                bool apart = std::abs(l.nodes[i].x - l.nodes[j].x) >= l.boxWidth ||
                             std::abs(l.nodes[i].y - l.nodes[j].y) >= l.boxHeight;
                EXPECT_TRUE(apart) << n << ": " << l.nodes[i].id << " and " << l.nodes[j].id;
            }
    }
}

TEST(MapLayout, ChildAtTheCentreKindsTogetherDeterministic) {
    auto cast = castOf(12);
    MapLayout a = layoutCast(cast), b = layoutCast(cast);
    ASSERT_EQ(a.nodes.size(), b.nodes.size());
    for (size_t i = 0; i < a.nodes.size(); ++i) {
        EXPECT_EQ(a.nodes[i].id, b.nodes[i].id);
        EXPECT_DOUBLE_EQ(a.nodes[i].x, b.nodes[i].x);
        EXPECT_DOUBLE_EQ(a.nodes[i].y, b.nodes[i].y);
    }
    const MapNodePos* child = a.find("m3");
    ASSERT_TRUE(child);
    EXPECT_DOUBLE_EQ(child->x, 0.5);
    EXPECT_DOUBLE_EQ(child->y, 0.5);
    EXPECT_EQ(child->ring, 0);
    // Same kinds are angular neighbours: the two health members (m2, m8 with kinds[2], kinds[8])
    // sit next to each other going round.
    auto angle = [](const MapNodePos& p) { return std::atan2(p.y - 0.5, p.x - 0.5); };
    std::vector<std::pair<double, std::string>> order;
    for (const auto& p : a.nodes)
        if (p.ring > 0) order.emplace_back(angle(p), p.kind);
    std::sort(order.begin(), order.end());
    int runs = 0;
    for (size_t i = 0; i < order.size(); ++i)
        if (order[i].second == "health" && order[(i + order.size() - 1) % order.size()].second != "health") ++runs;
    EXPECT_EQ(runs, 1);
}

TEST(MapLayout, BundledCasesLayOutLegibly) {
    Diagnostics d;
    KnowledgeBase kb = loadKnowledgeBase(std::string(WP_SOURCE_DIR) + "/content", d);
    for (const char* id : {"peter", "james", "tina"}) {
        ScenarioPlugin p = loadPlugin(std::string(WP_SOURCE_DIR) + "/plugins/" + id, kb);
        ASSERT_TRUE(p.scenario) << id;
        MapLayout l = layoutMap(*p.scenario);
        EXPECT_GE(l.minSpacing, kMapMinSpacing) << id;
    }
}

TEST(MapSvg, WellFormedWithEveryNameAndMissedMarker) {
    Scenario s;
    s.cast = {{"child", "Sam & <Jo>", "child", {}, ""},
              {"school", "Oak \"Primary\" School with a rather long name indeed", "school", {}, ""},
              {"csc", "Children's social care", "social_care", {}, ""},
              {"gp", "GP practice", "health", {}, ""},
              {"police", "Police", "police", {}, ""}};
    std::vector<Link> links = {{"school", "child", Flow::TwoWay, Strength::Critical, "daily"},
                               {"school", "csc", Flow::OneWay, Strength::Peripheral, "<referral>"}};
    MapLayout layout = layoutCast(s.cast);
    SvgOptions o;
    o.missed = {{"gp", "csc", Flow::OneWay, Strength::Critical, ""}};
    std::string svg = mapToSvg(s, links, layout, o);
    std::string why;
    EXPECT_TRUE(wellFormed(svg, why)) << why;
    EXPECT_NE(svg.find("Sam &amp; &lt;Jo&gt;"), std::string::npos);
    EXPECT_NE(svg.find("Children&#39;s social care"), std::string::npos);
    EXPECT_NE(svg.find("GP practice"), std::string::npos);
    EXPECT_NE(svg.find(">Police<"), std::string::npos);
    EXPECT_NE(svg.find("Oak &quot;Primary&quot;"), std::string::npos); // wrapped, first line
    EXPECT_NE(svg.find("class=\"missed\""), std::string::npos);
    EXPECT_NE(svg.find("missed connection"), std::string::npos);
    EXPECT_NE(svg.find("class=\"critical\""), std::string::npos);
    EXPECT_NE(svg.find("stroke-dasharray=\"7 5\""), std::string::npos); // peripheral dashed
    EXPECT_NE(svg.find("marker-start"), std::string::npos);             // two-way
    // gp and police have no link: both marked isolated.
    size_t isolated = 0;
    for (size_t at = svg.find("class=\"isolated-caption\""); at != std::string::npos; at = svg.find("class=\"isolated-caption\"", at + 1))
        ++isolated;
    EXPECT_EQ(isolated, 2u);
    // Without missed links there is no missed legend.
    std::string plain = mapToSvg(s, links, layout, SvgOptions{});
    EXPECT_TRUE(wellFormed(plain, why)) << why;
    EXPECT_EQ(plain.find("missed connection"), std::string::npos);
}

TEST(MapSvg, BundledMapsAreWellFormed) {
    Diagnostics d;
    KnowledgeBase kb = loadKnowledgeBase(std::string(WP_SOURCE_DIR) + "/content", d);
    for (const char* id : {"peter", "james", "tina"}) {
        ScenarioPlugin p = loadPlugin(std::string(WP_SOURCE_DIR) + "/plugins/" + id, kb);
        ASSERT_TRUE(p.scenario);
        std::string svg = mapToSvg(*p.scenario, p.scenario->historicalMap, layoutMap(*p.scenario));
        std::string why;
        EXPECT_TRUE(wellFormed(svg, why)) << id << ": " << why;
        for (const auto& c : p.scenario->cast) {
            // Every name appears (possibly wrapped): its first word is there.
            std::string first = xmlEscape(c.name.substr(0, c.name.find(' ')));
            EXPECT_NE(svg.find(first), std::string::npos) << id << ": " << c.name;
        }
    }
}
