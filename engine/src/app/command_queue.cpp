#include "wholepicture/app/command_queue.h"

namespace wp::app {

void CommandQueue::post(Command command) {
    {
        std::lock_guard lock(m_mutex);
        m_commands.push_back(std::move(command));
    }
    if (m_wake) m_wake();
}

std::vector<Command> CommandQueue::drain() {
    std::vector<Command> out;
    std::lock_guard lock(m_mutex);
    out.swap(m_commands);
    return out;
}

bool CommandQueue::empty() const {
    std::lock_guard lock(m_mutex);
    return m_commands.empty();
}

} // namespace wp::app
