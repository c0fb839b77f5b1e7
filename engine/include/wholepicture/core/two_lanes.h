// Work items run in two lanes: the caller's thread and one more.
//
// The per-role work of a large case (the lint's path analysis, wpt test's random plays) is independent
// from role to role. Two lanes take most of the time off on the two cores a school laptop has, while
// holding at most two roles' working memory at once; a thread per role held them all (a 2,000-decision
// case: a fifth more memory at the peak, for no more speed).
#pragma once
#include <cstddef>
#include <exception>
#include <future>
#include <optional>
#include <system_error>
#include <vector>

namespace wp {

// `work(i)` for i in [0, count), results in that order: the even items on the calling thread, the odd
// ones on a second thread, each lane in order. When no thread can be had, all on the calling thread.
// An exception from an item reaches the caller, as from a plain loop.
template <typename Result, typename Work>
[[nodiscard]] std::vector<Result> inTwoLanes(std::size_t count, Work work) {
    std::vector<std::optional<Result>> results(count);
    auto lane = [&](std::size_t first) {
        for (std::size_t i = first; i < count; i += 2) results[i].emplace(work(i));
    };
    std::future<void> odd;
    if (count > 1) {
        try {
            odd = std::async(std::launch::async, lane, std::size_t{1});
        } catch (const std::system_error&) { // no second thread: the odd items below, after the even
        }
    }
    std::exception_ptr failure;
    try {
        lane(0);
    } catch (...) {
        failure = std::current_exception();
    }
    if (odd.valid()) {
        try {
            odd.get(); // waits for the lane even when this one failed: `results` must outlive it
        } catch (...) {
            if (!failure) failure = std::current_exception();
        }
    } else if (!failure) {
        lane(1);
    }
    if (failure) std::rethrow_exception(failure);
    std::vector<Result> ordered;
    ordered.reserve(count);
    for (auto& r : results) ordered.push_back(std::move(*r));
    return ordered;
}

} // namespace wp
