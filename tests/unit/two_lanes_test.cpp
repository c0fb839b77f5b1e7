// inTwoLanes (core/two_lanes.h): the per-role work of a large case's lint and of wpt test.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>

#include "wholepicture/core/two_lanes.h"

namespace {

TEST(TwoLanes, ResultsComeInTheItemsOrder) {
    for (size_t count : {size_t{0}, size_t{1}, size_t{2}, size_t{3}, size_t{7}}) {
        const std::vector<std::string> got = wp::inTwoLanes<std::string>(count, [](size_t i) {
            // The later items finish first: the order must come from the index, not from completion.
            std::this_thread::sleep_for(std::chrono::milliseconds(i % 2 ? 1 : 3));
            return "item " + std::to_string(i);
        });
        ASSERT_EQ(got.size(), count);
        for (size_t i = 0; i < count; ++i) EXPECT_EQ(got[i], "item " + std::to_string(i));
    }
}

TEST(TwoLanes, NeverMoreThanTwoItemsAtOnceAndTheCallerTakesPart) {
    std::atomic<int> running{0}, most{0};
    std::mutex m;
    std::set<std::thread::id> threads;
    const auto caller = std::this_thread::get_id();
    (void)wp::inTwoLanes<int>(6, [&](size_t i) {
        const int now = ++running;
        for (int seen = most.load(); now > seen && !most.compare_exchange_weak(seen, now);) {
        }
        {
            std::lock_guard lock(m);
            threads.insert(std::this_thread::get_id());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        --running;
        return static_cast<int>(i);
    });
    EXPECT_LE(most.load(), 2);
    EXPECT_EQ(threads.size(), 2u);
    EXPECT_TRUE(threads.count(caller)) << "the even items run on the calling thread";
}

TEST(TwoLanes, AnItemsExceptionReachesTheCallerFromEitherLane) {
    for (size_t failing : {size_t{0}, size_t{1}}) {
        try {
            (void)wp::inTwoLanes<int>(4, [failing](size_t i) {
                if (i == failing) throw std::runtime_error("item " + std::to_string(i) + " failed");
                return 0;
            });
            ADD_FAILURE() << "no exception for item " << failing;
        } catch (const std::runtime_error& e) {
            EXPECT_EQ(std::string(e.what()), "item " + std::to_string(failing) + " failed");
        }
    }
}

} // namespace
