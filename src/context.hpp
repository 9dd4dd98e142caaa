// What every engine operation runs in: the store, the clock and the actors resolved so far.
//
// The engine's front door (engine.cpp) opens a transaction here, resolves the actor, and hands
// an Operation (a write) or a Reading (a read) to the function of the operation's concept.
#pragma once

#include <memory>
#include <type_traits>

#include "actor_cache.hpp"
#include "leadpool/clock.hpp"
#include "leadpool/identity_rules.hpp"
#include "leadpool/stage.hpp"
#include "leadpool/store.hpp"
#include "operation.hpp"

namespace leadpool::detail {

class Context {
public:
    Context(std::unique_ptr<Store> store, std::shared_ptr<const Clock> clock);

    Timestamp now() const { return clock_->now(); }

    // Runs `work(StoreWriter&)` in the store's write transaction and commits when it returns.
    template <typename Work>
    auto write(Work&& work) {
        auto writer = store_->write();
        if constexpr (std::is_void_v<decltype(work(*writer))>) {
            work(*writer);
            writer->commit();
        } else {
            auto result = work(*writer);
            writer->commit();
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
        return write([&](StoreWriter& w) {
            const auto who = actor(w, actor_id);
            return work(Operation{w, who->access, now(), *this});
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

private:
    std::unique_ptr<Store> store_;
    std::shared_ptr<const Clock> clock_;
    ActorCache actors_;
};

}  // namespace leadpool::detail
