// The idle connections of an SQL store, shared by the threads of its transactions: a transaction
// borrows one (or a new one is opened for it) and hands it back when it ends, so a connection is
// only ever used by one thread at a time and opening one is rare.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace leadpool {

template <typename Connection>
class ConnectionPool {
public:
    using Open = std::function<std::unique_ptr<Connection>()>;
    using Reusable = std::function<bool(const Connection&)>;

    // `open` makes a new connection ready for use; `reusable` says whether one handed back may be
    // kept (it must not throw).
    ConnectionPool(std::size_t max_idle, Open open,
                   Reusable reusable = [](const Connection&) { return true; })
        : max_idle_(max_idle), open_(std::move(open)), reusable_(std::move(reusable)) {}

    // An idle connection, or a new one.
    std::unique_ptr<Connection> borrow() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (!idle_.empty()) {
                auto connection = std::move(idle_.back());
                idle_.pop_back();
                return connection;
            }
        }
        return open_();
    }

    // Keeps a reusable connection for reuse, or closes it when enough are idle.
    void give_back(std::unique_ptr<Connection> connection) noexcept {
        if (!reusable_(*connection)) return;
        try {
            std::lock_guard<std::mutex> lock(mutex_);
            if (idle_.size() < max_idle_) idle_.push_back(std::move(connection));
        } catch (...) {
            // Only the lock or the vector can fail here; the connection is then simply closed.
        }
    }

private:
    const std::size_t max_idle_;
    const Open open_;
    const Reusable reusable_;

    std::mutex mutex_;
    std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace leadpool
