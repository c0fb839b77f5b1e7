// Code review B2: the runner's asserts are a programmer's net in debug builds; in release builds a run
// state that points at no node must not become a null dereference.
#include <gtest/gtest.h>

#include "test_support.h"
#include "wholepicture/core/runner.h"

namespace wp::test {
namespace {

TEST(RunnerGuards, ARunStateAtAMissingNodeNeverDereferencesNull) {
    const ScenarioPlugin p = loadFixture("plugins/mini");
    ASSERT_TRUE(p.usable());
    RunState st = startRun(*p.scenario, "class_teacher");
    st.node = "no-such-node";
#ifndef NDEBUG
    EXPECT_DEATH((void)currentNode(*p.scenario, st), "does not exist");
#else
    const Node& n = currentNode(*p.scenario, st);
    EXPECT_EQ(n.type, NodeType::Ending) << "a stand-in ending, so the run stops instead of crashing";
    EXPECT_TRUE(atEnding(*p.scenario, st));
    EXPECT_TRUE(availableOptions(*p.scenario, st).empty());
#endif
}

} // namespace
} // namespace wp::test
