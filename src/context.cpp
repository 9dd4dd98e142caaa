#include "context.hpp"

#include "change_feed.hpp"
#include "config.hpp"
#include "lead_scores.hpp"
#include "leadpool/error.hpp"

namespace leadpool::detail {

Context::Context(std::unique_ptr<Store> store, std::shared_ptr<const Clock> clock)
    : store_(std::move(store)), clock_(std::move(clock)) {
    if (!store_) throw Error(ErrorCode::invalid_argument, "engine: store is null");
    if (!clock_) clock_ = std::make_shared<SystemClock>();
}

OrgStage Context::stage(StoreReader& store) const {
    const auto stage = config::stage(store);
    if (!stage) {
        throw Error(ErrorCode::invalid_argument, "the lead pool is not initialized: call initialize() first");
    }
    return *stage;
}

std::shared_ptr<const IdentityRules> Context::identity_rules(StoreReader& store) const {
    return config::identity_rules(store);
}

void Context::commit(ChangeRecorder& recorder) {
    rescore_touched(recorder);  // the scores of what the transaction touched, in it
    if (!subscriptions_.any()) {
        recorder.commit();
        return;
    }
    auto turn = subscriptions_.turn();
    recorder.keep_committed();
    recorder.commit();
    subscriptions_.queue(recorder.committed(), std::move(turn));
}

void Context::deliver() {
    subscriptions_.deliver([this](const Subscriber& subscriber, const std::vector<Change>& changes) {
        return look(subscriber.actor, [&](const Reading& reading) {
            return visible_changes(reading, changes, subscriber.filter);
        });
    });
}

std::shared_ptr<const ResolvedActor> Context::actor(StoreReader& store, const UserId& id) {
    return actors_.get(store, id, [&] {
        auto in_force = config::policy(store, stage(store));
        return ResolvedActor{in_force, Access(store, *in_force, id)};
    });
}

}  // namespace leadpool::detail
