// In-process subscriptions to the change feed (docs/design.md 7).
//
// After a write commits, its changes are handed to every subscriber on the committing thread,
// before the operation returns. Deliveries reach each subscriber in sequence order: a commit
// takes its turn() before it commits and gives it up once its changes are queued, and one
// thread delivers at a time. A callback may call any engine operation. A write it makes
// commits at once; its changes are delivered when the delivery under way is done, still before
// the outermost operation returns.
#pragma once

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "leadpool/change_feed.hpp"

namespace leadpool::detail {

struct Subscriber {
    SubscriptionId id = 0;
    UserId actor;
    ChangeFilter filter;
    ChangeCallback callback;
};

class Subscriptions {
public:
    // Of a batch of changes, those a subscriber may see and wants.
    using Select = std::function<std::vector<Change>(const Subscriber&, const std::vector<Change>&)>;

    SubscriptionId add(UserId actor, ChangeFilter filter, ChangeCallback callback);
    // Whether it was subscribed. Once it returns the callback is not called again (called from
    // a callback, after that callback returns).
    bool remove(SubscriptionId id);
    bool any() const { return count_.load(std::memory_order_acquire) > 0; }

    // Held from before a commit until its changes are queued: keeps the queue in commit order.
    std::unique_lock<std::mutex> turn() { return std::unique_lock<std::mutex>(order_); }
    // Queues the committed changes and gives the turn up.
    void queue(std::vector<Change> changes, std::unique_lock<std::mutex> turn);
    // Delivers what is queued, unless this thread is delivering already (then that delivery
    // takes it). Called with no transaction open.
    void deliver(const Select& select);

private:
    std::vector<std::shared_ptr<const Subscriber>> snapshot();
    bool subscribed(SubscriptionId id);

    std::mutex order_;
    std::mutex queue_mutex_;
    std::deque<std::vector<Change>> queue_;
    std::mutex delivery_;  // held by the one thread delivering
    std::mutex subscribers_mutex_;
    std::vector<std::shared_ptr<const Subscriber>> subscribers_;
    SubscriptionId next_id_ = 1;
    std::atomic<int> count_{0};
};

}  // namespace leadpool::detail
