// A thread-safe queue of commands: any thread posts (the file watcher, the writer thread, later phones
// on the LAN and native extensions), the UI thread drains it before each frame. Posting wakes the
// event loop, so news from another thread is applied at once even while the window sleeps.
#pragma once
#include <functional>
#include <mutex>
#include <vector>

#include "wholepicture/app/commands.h"

namespace wp::app {

class CommandQueue {
public:
    using Wake = std::function<void()>;
    // `wake` is called (on the posting thread) after every post; it must be thread-safe
    // (glfwPostEmptyEvent is). Empty: nothing to wake (tests, scripts).
    explicit CommandQueue(Wake wake = {}) : m_wake(std::move(wake)) {}
    CommandQueue(const CommandQueue&) = delete;
    CommandQueue& operator=(const CommandQueue&) = delete;

    void post(Command command);
    // Everything posted so far, in the order it was posted; the queue is empty afterwards.
    [[nodiscard]] std::vector<Command> drain();
    [[nodiscard]] bool empty() const;

private:
    mutable std::mutex m_mutex;
    std::vector<Command> m_commands;
    Wake m_wake;
};

} // namespace wp::app
