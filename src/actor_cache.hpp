// Resolved actors, cached until the organisation changes.
//
// Resolving an actor — the stage, its policy, the user row and the pool tree — takes several
// store reads, and changes only when the organisation does. Every organisation change bumps a
// counter in the store's settings (config::bump_org_version) in the same transaction, so a resolution
// cached under the counter's value holds for every snapshot that reads that value: in this
// engine, and after an engine in another process (with its own cache) changed users, pools,
// policies or the stage of the same SQLite file.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "access.hpp"
#include "config.hpp"

namespace leadpool::detail {

// An actor's rights under one policy; keeps the policy alive for its Access.
struct ResolvedActor {
    std::shared_ptr<const Policy> policy;
    Access access;
};

class ActorCache {
public:
    // The actor as of the organisation version `store` sees, resolved by `resolve` (a function
    // returning ResolvedActor, which may throw) when not cached. Thread-safe.
    template <typename Resolve>
    std::shared_ptr<const ResolvedActor> get(StoreReader& store, const UserId& actor, Resolve&& resolve) {
        const std::string version = config::org_version(store);
        std::lock_guard<std::mutex> lock(mutex_);
        if (version != version_) {  // entries of another version: drop them all
            actors_.clear();
            version_ = version;
        }
        auto& cached = actors_[actor];
        if (!cached) {
            try {
                cached = std::make_shared<const ResolvedActor>(resolve());
            } catch (...) {
                actors_.erase(actor);  // unknown or inactive actors are not kept
                throw;
            }
        }
        return cached;
    }

private:
    std::mutex mutex_;
    std::string version_;
    std::unordered_map<UserId, std::shared_ptr<const ResolvedActor>> actors_;
};

}  // namespace leadpool::detail
