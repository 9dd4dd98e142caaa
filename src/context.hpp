// What every engine operation runs in: the store, the clock and the actors resolved so far.
//
// The engine's front door (engine.cpp) opens a transaction here, resolves the actor, and hands
// an Operation (a write) or a Reading (a read) to the function of the operation's concept.
#pragma once

#include <memory>
#include <type_traits>

#include "actor_cache.hpp"
#include "change_recorder.hpp"
#include "leadpool/clock.hpp"
#include "leadpool/identity_rules.hpp"
#include "leadpool/stage.hpp"
#include "leadpool/store.hpp"
#include "operation.hpp"
#include "subscriptions.hpp"

namespace leadpool::detail {

class Context {
public:
    Context(std::unique_ptr<Store> store, std::shared_ptr<const Clock> clock);

    Timestamp now() const { return clock_->now(); }

    // Runs `work(ChangeRecorder&)` in the store's write transaction and commits when it
    // returns; the change feed records what it wrote (change_recorder.hpp) and the subscribers
    // hear of it.
    // The subscribers hear of it once the transaction is over, so a callback may write.
    template <typename Work>
    auto write(Work&& work) {
        auto transaction = [&] {
            auto writer = store_->write();
            ChangeRecorder recorder(*writer);
            if constexpr (std::is_void_v<decltype(work(recorder))>) {
                work(recorder);
                commit(recorder);
            } else {
                auto result = work(recorder);
                commit(recorder);
                return result;
            }
        };
        if constexpr (std::is_void_v<decltype(transaction())>) {
            transaction();
            deliver();
        } else {
            auto result = transaction();
            deliver();
            return result;
        }
    }

    // Runs `work(StoreReader&)` on one snapshot.
    template <typename Work>
    auto read(Work&& work) {
        auto reader = store_->read();
        return work(*reader);
    }

    // Runs `work(const Operation&)` in one write transaction as the actor.
    template <typename Work>
    auto operate(const UserId& actor_id, Work&& work) {
        return write([&](ChangeRecorder& w) {
            const auto who = actor(w, actor_id);
            const Timestamp at = now();
            w.acting(actor_id, at);
            return work(Operation{w, who->access, at, *this});
        });
    }

    // ... once the actor may `action` at all (per lead checks are the operation's own).
    template <typename Work>
    auto operate(const UserId& actor_id, Action action, Work&& work) {
        return operate(actor_id, [&](const Operation& op) {
            op.access.require(action);
            return work(op);
        });
    }

    // Runs `work(const Reading&)` on one snapshot as the actor.
    template <typename Work>
    auto look(const UserId& actor_id, Work&& work) {
        return read([&](StoreReader& r) {
            const auto who = actor(r, actor_id);
            return work(Reading{r, who->access, *this});
        });
    }

    // The stage in force; Error(invalid_argument) before the lead pool was initialized.
    OrgStage stage(StoreReader& store) const;
    // The identity rules in force.
    std::shared_ptr<const IdentityRules> identity_rules(StoreReader& store) const;
    // The actor's rights under the policy of the current stage, from the cache while the
    // organisation has not changed. Error(permission_denied) for an unknown or inactive user.
    std::shared_ptr<const ResolvedActor> actor(StoreReader& store, const UserId& id);

    Store& store() { return *store_; }
    Subscriptions& subscriptions() { return subscriptions_; }

private:
    // Commits, and queues the changes for the subscribers; deliver() hands them over.
    void commit(ChangeRecorder& recorder);
    void deliver();

    std::unique_ptr<Store> store_;
    std::shared_ptr<const Clock> clock_;
    ActorCache actors_;
    Subscriptions subscriptions_;
};

}  // namespace leadpool::detail
