#include "subscriptions.hpp"

#include <algorithm>
#include <utility>

namespace leadpool::detail {
namespace {

// Set while this thread delivers: a write from a callback queues its changes for that delivery.
thread_local bool delivering = false;

}  // namespace

SubscriptionId Subscriptions::add(UserId actor, ChangeFilter filter, ChangeCallback callback) {
    std::lock_guard<std::mutex> lock(subscribers_mutex_);
    auto subscriber = std::make_shared<Subscriber>();
    subscriber->id = next_id_++;
    subscriber->actor = std::move(actor);
    subscriber->filter = std::move(filter);
    subscriber->callback = std::move(callback);
    subscribers_.push_back(subscriber);
    count_.store(static_cast<int>(subscribers_.size()), std::memory_order_release);
    return subscriber->id;
}

bool Subscriptions::remove(SubscriptionId id) {
    {
        std::lock_guard<std::mutex> lock(subscribers_mutex_);
        auto found = std::find_if(subscribers_.begin(), subscribers_.end(),
                                  [&](const auto& subscriber) { return subscriber->id == id; });
        if (found == subscribers_.end()) return false;
        subscribers_.erase(found);
        count_.store(static_cast<int>(subscribers_.size()), std::memory_order_release);
    }
    // A delivery under way may still hold it: wait for that delivery to end.
    if (!delivering) std::lock_guard<std::mutex> wait(delivery_);
    return true;
}

std::vector<std::shared_ptr<const Subscriber>> Subscriptions::snapshot() {
    std::lock_guard<std::mutex> lock(subscribers_mutex_);
    return subscribers_;
}

bool Subscriptions::subscribed(SubscriptionId id) {
    std::lock_guard<std::mutex> lock(subscribers_mutex_);
    return std::any_of(subscribers_.begin(), subscribers_.end(),
                       [&](const auto& subscriber) { return subscriber->id == id; });
}

void Subscriptions::queue(std::vector<Change> changes, std::unique_lock<std::mutex> turn) {
    {
        std::lock_guard<std::mutex> lock(queue_mutex_);
        if (!changes.empty()) queue_.push_back(std::move(changes));
    }
    turn.unlock();
}

void Subscriptions::deliver(const Select& select) {
    if (delivering) return;
    {
        std::lock_guard<std::mutex> lock(queue_mutex_);
        if (queue_.empty()) return;
    }
    std::lock_guard<std::mutex> one_at_a_time(delivery_);
    delivering = true;
    for (;;) {
        std::vector<Change> batch;
        {
            std::lock_guard<std::mutex> lock(queue_mutex_);
            if (queue_.empty()) break;
            batch = std::move(queue_.front());
            queue_.pop_front();
        }
        for (const auto& subscriber : snapshot()) {
            if (!subscribed(subscriber->id)) continue;  // removed by a callback of this batch
            try {
                const std::vector<Change> mine = select(*subscriber, batch);
                if (!mine.empty()) subscriber->callback(mine);
            } catch (...) {
                // The changes are committed whatever a subscriber does: its failure is its own.
            }
        }
    }
    delivering = false;
}

}  // namespace leadpool::detail
