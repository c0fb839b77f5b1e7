// The JSON Schemas an author's editor checks against list the knowledge base's ids (roles, dimensions,
// guidance editions) as enums. When content/*.json gains an id and the schema does not, every case that
// cites it goes red in the author's editor while `wpt lint` calls it valid; this keeps the two equal.
#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_support.h"

namespace wp {
namespace {

nlohmann::json readSchema(const std::string& name) {
    std::ifstream in(test::sourceDir() / "content" / "schema" / name);
    return nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
}

std::vector<std::string> sorted(std::vector<std::string> ids) {
    std::sort(ids.begin(), ids.end());
    return ids;
}

std::vector<std::string> enumAt(const nlohmann::json& schema, const nlohmann::json::json_pointer& where) {
    std::vector<std::string> ids;
    if (!schema.contains(where)) return ids;
    for (const auto& v : schema.at(where)) {
        if (v.is_string()) ids.push_back(v.get<std::string>());
    }
    return sorted(ids);
}

TEST(SchemaEnums, ScenarioSchemaListsEveryGuidanceEditionAndNoOther) {
    const auto schema = readSchema("scenario.schema.json");
    ASSERT_FALSE(schema.is_discarded());
    EXPECT_EQ(enumAt(schema, nlohmann::json::json_pointer("/$defs/guidance_id/enum")),
              sorted(test::knowledgeBase().guidanceIds()));
}

TEST(SchemaEnums, ScenarioSchemaListsEveryDimensionAndNoOther) {
    const auto schema = readSchema("scenario.schema.json");
    ASSERT_FALSE(schema.is_discarded());
    EXPECT_EQ(enumAt(schema, nlohmann::json::json_pointer("/$defs/dimension_id/enum")),
              sorted(test::knowledgeBase().dimensionIds()));
}

TEST(SchemaEnums, ScenarioAndPluginSchemasListEveryRoleAndNoOther) {
    const auto roles = sorted(test::knowledgeBase().roleIds());
    const auto scenario = readSchema("scenario.schema.json");
    const auto plugin = readSchema("plugin.schema.json");
    ASSERT_FALSE(scenario.is_discarded());
    ASSERT_FALSE(plugin.is_discarded());
    EXPECT_EQ(enumAt(scenario, nlohmann::json::json_pointer("/$defs/role_id/enum")), roles);
    EXPECT_EQ(enumAt(plugin, nlohmann::json::json_pointer("/properties/roles/items/enum")), roles);
}

} // namespace
} // namespace wp
