// The Engine: validate, check permission, change state and write history in one transaction.
#include "leadpool/engine.hpp"

#include "leadpool/json.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <type_traits>
#include <variant>

#include "access.hpp"
#include "actor_cache.hpp"
#include "assignment.hpp"
#include "claims.hpp"
#include "follow_ups.hpp"
#include "history_rows.hpp"
#include "ingest.hpp"
#include "lead_data.hpp"
#include "lead_group.hpp"
#include "merge.hpp"
#include "operation.hpp"
#include "pool_settings_store.hpp"
#include "pool_tree.hpp"
#include "recycling.hpp"
#include "routing_rules.hpp"
#include "text.hpp"
#include "transition_rules.hpp"
#include "workflow_rules.hpp"

namespace leadpool {

using detail::Access;
using detail::belongs_to;
using detail::existing_lead;
using detail::existing_pool;
using detail::not_found;
using nlohmann::json;

namespace {

constexpr const char* kStageKey = "stage";
constexpr const char* kIdentityRulesKey = "identity_rules";

std::string policy_key(OrgStage stage) { return std::string("policy.") + to_string(stage); }

void check_stage(OrgStage stage) {
    if (std::string_view(to_string(stage)) == "unknown") {
        throw Error(ErrorCode::invalid_argument, "unknown stage " + std::to_string(static_cast<int>(stage)));
    }
}

// Error(limit_exceeded) for a batch over kMaxBatchSize items.
void check_batch_size(std::size_t size, const char* operation) {
    if (size > kMaxBatchSize) {
        throw Error(ErrorCode::limit_exceeded, std::string(operation) + " batch of " + std::to_string(size) +
                                                   " items: at most " + std::to_string(kMaxBatchSize));
    }
}

// Applies `apply` to every item in order; a failure names the item that failed.
template <typename Item, typename Apply>
auto each_item(const std::vector<Item>& items, const char* operation, Apply&& apply) {
    check_batch_size(items.size(), operation);
    std::vector<std::invoke_result_t<Apply&, const Item&>> results;
    results.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        try {
            results.push_back(apply(items[i]));
        } catch (const Error& e) {
            throw Error(e.code(),
                        std::string(operation) + " batch item " + std::to_string(i) + ": " + e.what());
        }
    }
    return results;
}

// Optimistic concurrency: 0 asks for no check.
void check_version(const Lead& lead, std::int64_t expected) {
    if (expected != 0 && expected != lead.version) {
        throw Error(ErrorCode::conflict, "lead " + std::to_string(lead.id) + " is at version " +
                                             std::to_string(lead.version) + ", not " +
                                             std::to_string(expected));
    }
}

// A user as given by a host: id, name and roles trimmed and present.
User checked_user(const User& user) {
    User out = user;
    out.id = detail::checked_name(user.id, "user id");
    out.name = detail::checked_name(user.name, "user name");
    detail::check_text(out.department, "user department");
    out.roles.clear();
    for (const auto& role : user.roles) out.roles.push_back(detail::checked_name(role, "role"));
    std::sort(out.roles.begin(), out.roles.end());
    out.roles.erase(std::unique(out.roles.begin(), out.roles.end()), out.roles.end());
    return out;
}

// Users and pools in organisation events look as the JSON codec writes them.
template <typename Value>
json as_json(const Value& value) {
    return json::parse(to_json(value));
}

}  // namespace

struct Engine::Impl {
    std::unique_ptr<Store> store;
    std::shared_ptr<const Clock> clock;

    std::mutex policy_cache_mutex;                                      // guards both caches
    std::map<std::string, std::shared_ptr<const Policy>> policy_cache;  // by JSON text
    std::string identity_rules_text;                                    // of the cached rules
    std::shared_ptr<const IdentityRules> identity_rules_cache;

    Timestamp now() const { return clock->now(); }

    // Runs `work` in the store's write transaction and commits when it returns.
    template <typename Work>
    auto write(Work&& work) {
        auto writer = store->write();
        if constexpr (std::is_void_v<decltype(work(*writer))>) {
            work(*writer);
            writer->commit();
        } else {
            auto result = work(*writer);
            writer->commit();
            return result;
        }
    }

    template <typename Work>
    auto read(Work&& work) {
        auto reader = store->read();
        return work(*reader);
    }

    OrgStage stage(StoreReader& s) const {
        auto value = s.setting(kStageKey);
        if (!value) {
            throw Error(ErrorCode::invalid_argument,
                        "the lead pool is not initialized: call initialize() first");
        }
        auto stage = parse_stage(*value);
        if (!stage) throw Error(ErrorCode::storage, "stored stage '" + *value + "' is unknown");
        return *stage;
    }

    std::shared_ptr<const Policy> policy(StoreReader& s, OrgStage stage) {
        auto text = s.setting(policy_key(stage)).value_or("");
        if (text.empty()) return {std::shared_ptr<void>(), &Policy::default_for(stage)};
        std::lock_guard<std::mutex> lock(policy_cache_mutex);
        auto& cached = policy_cache[text];
        if (!cached) cached = std::make_shared<const Policy>(Policy::from_json(text));
        return cached;
    }

    // The actor's rights under the policy of the current stage, from the cache when the
    // organisation has not changed since they were resolved.
    struct Actor {
        std::shared_ptr<const detail::ResolvedActor> resolved;
        const Access& access;
        explicit Actor(std::shared_ptr<const detail::ResolvedActor> r)
            : resolved(std::move(r)), access(resolved->access) {}
    };
    detail::ActorCache actors;

    Actor actor(StoreReader& s, const UserId& id) {
        return Actor(actors.get(s, id, [&] {
            auto in_force = policy(s, stage(s));
            return detail::ResolvedActor{in_force, Access(s, *in_force, id)};
        }));
    }

    // Runs `work` on a detail::Operation in one write transaction, once the actor may `action`
    // at all (per lead checks are the operation's own).
    template <typename Work>
    auto operate(const UserId& actor_id, Action action, Work&& work) {
        return write([&](StoreWriter& w) {
            auto who = actor(w, actor_id);
            who.access.require(action);
            return work(detail::Operation{w, who.access, now()});
        });
    }

    // The engine's transition, as the workflow operations run it inside their transaction.
    detail::Transition transition_in(const detail::Operation& op) {
        return [this, &op](const TransitionRequest& request) {
            return transition(op.store, op.access, request);
        };
    }

    // The lead an id names, when the actor may read it.
    Lead readable_lead(StoreReader& s, const UserId& actor_id, LeadId id) {
        auto who = actor(s, actor_id);
        Lead lead = existing_lead(s, id);
        who.access.require(Action::read, lead);
        return lead;
    }

    // Every organisation change comes through here: it also retires the cached actors.
    void record(StoreWriter& w, OrgEventKind kind, const UserId& actor, const json& detail) {
        detail::bump_org_version(w);
        OrgEvent event;
        event.kind = kind;
        event.actor = actor;
        event.at = now();
        event.detail = detail.dump();
        w.append_org_event(event);
    }

    void record(StoreWriter& w, const Lead& before, const Lead& after, Action action, const UserId& actor,
                const std::string& reason, std::string detail) {
        detail::append_change(w, before, after, action, actor, now(), reason, std::move(detail));
    }

    IdentityRules identity_rules(StoreReader& s) {
        auto text = s.setting(kIdentityRulesKey).value_or("");
        std::lock_guard<std::mutex> lock(policy_cache_mutex);
        if (text != identity_rules_text || !identity_rules_cache) {
            identity_rules_cache = std::make_shared<const IdentityRules>(
                text.empty() ? IdentityRules::defaults() : IdentityRules::from_json(text));
            identity_rules_text = text;
        }
        return *identity_rules_cache;
    }

    // Users named as managers, members or owners must exist.
    static void require_users(StoreReader& s, const std::vector<UserId>& ids) {
        for (const auto& id : ids) {
            if (!s.user(id)) not_found("no user '" + id + "'");
        }
    }

    // A capture is a record without id, time or events, whose identities must all be usable.
    detail::CheckedRecord checked_capture(const Access& access, const IdentityRules& rules, const LeadInput& input) {
        access.require(Action::capture);  // before anything about existing leads is revealed
        ChannelRecord record;
        record.channel = input.channel;
        record.identities = input.identities;
        record.attributes = input.attributes;
        record.attribution = input.attribution;
        record.tags = input.tags;
        return detail::checked_record(record, rules, now(), /*drop_unusable=*/false);
    }

    // A checked capture planned and written; it happens at the time it was checked.
    CaptureResult capture(StoreWriter& w, const Access& access, const IdentityRules& rules,
                          detail::CheckedRecord record) {
        const Timestamp at = record.occurred_at;
        detail::IngestPlan plan = detail::plan_record(w, access, rules, at, std::move(record));
        detail::Ingested done = detail::apply_plan(w, access.user().id, at, std::move(plan));
        return {done.lead, done.result.outcome == IngestOutcome::created, done.result.absorbed,
                done.result.conflicts, done.result.dropped};
    }

    Lead transition(StoreWriter& w, const Access& access, const TransitionRequest& request) {
        const Lead before = existing_lead(w, request.lead);
        check_version(before, request.expected_version);
        const detail::Move move = detail::plan_move(before, request, access.user().id);
        const Pool landing = existing_pool(w, move.to_pool);
        if (move.chosen_pool) {
            access.require(request.action, before, landing.id);
        } else {
            access.require(request.action, before);
        }
        if (request.to_owner) {
            auto owner = w.user(*request.to_owner);
            if (!owner) not_found("no user '" + *request.to_owner + "'");
            if (!owner->active || !belongs_to(landing, owner->id)) {
                throw Error(ErrorCode::invalid_argument,
                            "owner '" + owner->id + "' must be an active member or manager of pool '" +
                                landing.name + "'");
            }
        }
        const Lead after = detail::moved(before, move, now());
        w.update_lead(after);
        record(w, before, after, request.action, access.user().id, request.reason, "{}");
        detail::follow_transition(w, before, after, request, now());
        return after;
    }

    LeadSelection selection(StoreReader& s, const Access& access, const std::optional<PoolId>& pool) {
        LeadSelection selection;
        if (pool) {
            existing_pool(s, *pool);
            selection.pools = detail::subtree(access.pools(), {*pool});
        }
        selection.visible_if = access.readable();
        return selection;
    }

    Pool save_pool(StoreWriter& w, const Access& access, std::optional<Pool> previous, const PoolSpec& spec) {
        Pool pool;
        pool.name = detail::checked_name(spec.name, "pool name");
        pool.parent = spec.parent;
        pool.managers = spec.managers;
        pool.members = spec.members;
        require_users(w, pool.managers);
        require_users(w, pool.members);
        const std::vector<Pool> pools = w.pools();
        if (pool.parent) {
            if (*pool.parent == kMasterPoolId) {
                throw Error(
                    ErrorCode::invalid_argument,
                    "pool parent: top-level sub pools have no parent; the master pool has no children");
            }
            existing_pool(w, *pool.parent);
        }
        for (const auto& other : pools) {
            if (other.name == pool.name && (!previous || other.id != previous->id)) {
                throw Error(ErrorCode::conflict, "pool name '" + pool.name + "' is taken");
            }
        }
        // Creating or re-hanging a pool needs rights where it lands; top level counts as master.
        auto require_parent = [&] { access.require_pool(pool.parent.value_or(kMasterPoolId)); };
        if (!previous) {
            require_parent();
            pool.id = w.insert_pool(pool);
            record(w, OrgEventKind::pool_created, access.user().id, as_json(pool));
            return *w.pool(pool.id);
        }
        pool.id = previous->id;
        access.require_pool(pool.id);
        if (pool.id == kMasterPoolId && (pool.name != previous->name || pool.parent)) {
            throw Error(ErrorCode::invalid_argument, "the master pool keeps its name and has no parent");
        }
        const bool moved = pool.parent != previous->parent;
        if (moved) {
            require_parent();
            if (pool.parent && detail::is_within(pools, *pool.parent, pool.id)) {
                throw Error(ErrorCode::invalid_argument,
                            "pool '" + pool.name + "' cannot move below itself or its own sub pools");
            }
        }
        w.update_pool(pool);
        json detail = as_json(pool);
        detail["previous"] = as_json(*previous);
        record(w, moved ? OrgEventKind::pool_moved : OrgEventKind::pool_updated, access.user().id, detail);
        return *w.pool(pool.id);
    }
};

Engine::Engine(std::unique_ptr<Store> store, EngineOptions options) : impl_(std::make_unique<Impl>()) {
    if (!store) throw Error(ErrorCode::invalid_argument, "engine: store is null");
    impl_->store = std::move(store);
    impl_->clock = options.clock ? std::move(options.clock) : std::make_shared<SystemClock>();
}

Engine::~Engine() = default;

// --- organisation -----------------------------------------------------------------------------

void Engine::initialize(const User& first_user, OrgStage stage) {
    check_stage(stage);
    const User user = checked_user(first_user);
    // Someone must be able to run the organisation from the start (a fresh store has no policy
    // of its own yet, so the default applies).
    const Policy& policy = Policy::default_for(stage);
    for (Action needed : {Action::manage_users, Action::manage_org}) {
        if (!user.active || policy.scopes_for(user.roles, needed) == 0) {
            throw Error(ErrorCode::invalid_argument,
                        "initialize: the first user must be active and hold a role that may " +
                            std::string(to_string(needed)) + " in stage " + to_string(stage));
        }
    }
    impl_->write([&](StoreWriter& w) {
        if (w.setting(kStageKey)) throw Error(ErrorCode::conflict, "the lead pool is already initialized");
        w.put_user(user);
        w.set_setting(kStageKey, to_string(stage));
        impl_->record(w, OrgEventKind::initialized, user.id,
                      {{"user", as_json(user)}, {"stage", to_string(stage)}});
    });
}

bool Engine::initialized() const {
    return impl_->read([](StoreReader& r) { return r.setting(kStageKey).has_value(); });
}

OrgStage Engine::stage() const {
    return impl_->read([&](StoreReader& r) { return impl_->stage(r); });
}

void Engine::set_stage(const UserId& actor, OrgStage stage) {
    check_stage(stage);
    impl_->write([&](StoreWriter& w) {
        auto who = impl_->actor(w, actor);
        who.access.require(Action::manage_org);
        const OrgStage from = impl_->stage(w);
        if (from == stage) return;
        w.set_setting(kStageKey, to_string(stage));
        impl_->record(w, OrgEventKind::stage_changed, actor,
                      {{"from", to_string(from)}, {"to", to_string(stage)}});
    });
}

Policy Engine::policy(OrgStage stage) const {
    check_stage(stage);
    return impl_->read([&](StoreReader& r) { return *impl_->policy(r, stage); });
}

void Engine::set_policy(const UserId& actor, OrgStage stage, const Policy& policy) {
    check_stage(stage);
    const std::string text = policy.to_json();
    const Policy checked = Policy::from_json(text);  // enum values out of range are refused here
    impl_->write([&](StoreWriter& w) {
        auto who = impl_->actor(w, actor);
        who.access.require(Action::manage_org);
        if (stage == impl_->stage(w) &&
            checked.scopes_for(who.access.user().roles, Action::manage_org) == 0) {
            throw Error(ErrorCode::invalid_argument,
                        "policy: it would take manage_org from '" + actor + "' in the current stage");
        }
        w.set_setting(policy_key(stage), text);
        impl_->record(w, OrgEventKind::policy_changed, actor,
                      {{"stage", to_string(stage)}, {"policy", json::parse(text)}});
    });
}

void Engine::reset_policy(const UserId& actor, OrgStage stage) {
    check_stage(stage);
    impl_->write([&](StoreWriter& w) {
        auto who = impl_->actor(w, actor);
        who.access.require(Action::manage_org);
        w.set_setting(policy_key(stage), "");
        impl_->record(w, OrgEventKind::policy_changed, actor,
                      {{"stage", to_string(stage)}, {"policy", "default"}});
    });
}

std::vector<OrgEvent> Engine::org_history(const UserId& actor) const {
    return impl_->read([&](StoreReader& r) {
        impl_->actor(r, actor).access.require(Action::manage_org);
        return r.org_events();
    });
}

// --- users ------------------------------------------------------------------------------------

void Engine::add_user(const UserId& actor, const User& user) {
    const User checked = checked_user(user);
    impl_->write([&](StoreWriter& w) {
        impl_->actor(w, actor).access.require(Action::manage_users);
        if (w.user(checked.id)) throw Error(ErrorCode::conflict, "user '" + checked.id + "' exists already");
        w.put_user(checked);
        impl_->record(w, OrgEventKind::user_added, actor, as_json(checked));
    });
}

void Engine::update_user(const UserId& actor, const User& user) {
    const User checked = checked_user(user);
    impl_->write([&](StoreWriter& w) {
        impl_->actor(w, actor).access.require(Action::manage_users);
        auto previous = w.user(checked.id);
        if (!previous) not_found("no user '" + checked.id + "'");
        w.put_user(checked);
        json detail = as_json(checked);
        detail["previous"] = as_json(*previous);
        impl_->record(w, OrgEventKind::user_updated, actor, detail);
    });
}

User Engine::user(const UserId& actor, const UserId& id) const {
    return impl_->read([&](StoreReader& r) {
        impl_->actor(r, actor);
        auto found = r.user(id);
        if (!found) not_found("no user '" + id + "'");
        return *found;
    });
}

std::vector<User> Engine::users(const UserId& actor) const {
    return impl_->read([&](StoreReader& r) {
        impl_->actor(r, actor);
        return r.users();
    });
}

// --- pools ------------------------------------------------------------------------------------

Pool Engine::create_pool(const UserId& actor, const PoolSpec& spec) {
    return impl_->write([&](StoreWriter& w) {
        auto who = impl_->actor(w, actor);
        who.access.require(Action::manage_pools);
        return impl_->save_pool(w, who.access, std::nullopt, spec);
    });
}

Pool Engine::update_pool(const UserId& actor, PoolId id, const PoolSpec& spec) {
    return impl_->write([&](StoreWriter& w) {
        auto who = impl_->actor(w, actor);
        who.access.require(Action::manage_pools);
        return impl_->save_pool(w, who.access, existing_pool(w, id), spec);
    });
}

Pool Engine::move_pool(const UserId& actor, PoolId id, std::optional<PoolId> new_parent) {
    return impl_->write([&](StoreWriter& w) {
        auto who = impl_->actor(w, actor);
        who.access.require(Action::manage_pools);
        const Pool previous = existing_pool(w, id);
        return impl_->save_pool(w, who.access, previous,
                                PoolSpec{previous.name, new_parent, previous.managers, previous.members});
    });
}

Pool Engine::pool(const UserId& actor, PoolId id) const {
    return impl_->read([&](StoreReader& r) {
        impl_->actor(r, actor);
        return existing_pool(r, id);
    });
}

std::vector<Pool> Engine::pools(const UserId& actor) const {
    return impl_->read([&](StoreReader& r) {
        impl_->actor(r, actor);
        return r.pools();
    });
}

// --- leads ------------------------------------------------------------------------------------

CaptureResult Engine::capture(const UserId& actor, const LeadInput& input) {
    return impl_->write([&](StoreWriter& w) {
        auto who = impl_->actor(w, actor);
        const IdentityRules rules = impl_->identity_rules(w);
        return impl_->capture(w, who.access, rules, impl_->checked_capture(who.access, rules, input));
    });
}

std::vector<CaptureResult> Engine::capture_batch(const UserId& actor, const std::vector<LeadInput>& inputs) {
    return impl_->write([&](StoreWriter& w) {
        auto who = impl_->actor(w, actor);
        const IdentityRules rules = impl_->identity_rules(w);
        check_batch_size(inputs.size(), "capture");
        const detail::CheckedBatch checked = detail::checked_batch(
            w, inputs.size(), [&](std::size_t i) { return impl_->checked_capture(who.access, rules, inputs[i]); });
        return each_item(checked, "capture", [&](const std::variant<detail::CheckedRecord, Error>& item) {
            return impl_->capture(w, who.access, rules, detail::checked_or_throw(item));
        });
    });
}

Lead Engine::lead(const UserId& actor, LeadId id) const {
    return impl_->read([&](StoreReader& r) { return impl_->readable_lead(r, actor, id); });
}

std::optional<Lead> Engine::find_lead(const UserId& actor, const Identity& identity) const {
    return impl_->read([&](StoreReader& r) -> std::optional<Lead> {
        auto who = impl_->actor(r, actor);
        auto id = r.lead_by_identity(normalize_identity(identity, impl_->identity_rules(r)));
        if (!id) return std::nullopt;
        auto lead = r.lead(*id);
        if (!lead || !who.access.allows(Action::read, *lead)) return std::nullopt;
        return lead;
    });
}

LeadPage Engine::leads(const UserId& actor, const LeadFilter& filter, const PageRequest& page) const {
    if (page.limit < 1 || page.limit > kMaxPageSize) {
        throw Error(ErrorCode::invalid_argument, "page limit must be 1.." + std::to_string(kMaxPageSize) +
                                                     ", not " + std::to_string(page.limit));
    }
    return impl_->read([&](StoreReader& r) {
        auto who = impl_->actor(r, actor);
        LeadSelection selection = impl_->selection(r, who.access, filter.pool);
        if (filter.tier) selection.tiers = tier_bit(*filter.tier);
        selection.owner = filter.owner;
        selection.channel = filter.channel;
        selection.tag = filter.tag;
        selection.created_from = filter.created_from;
        selection.created_to = filter.created_to;
        LeadPage result;
        result.leads = r.leads(selection, page.after, page.limit + 1);
        if (result.leads.size() > page.limit) {
            result.leads.resize(page.limit);
            result.next_after = result.leads.back().id;
        }
        return result;
    });
}

Lead Engine::update_lead(const UserId& actor, LeadId id, const LeadUpdate& update) {
    const std::string attributes = detail::checked_attributes(update.attributes, "attributes");
    const auto add = detail::checked_tags(update.add_tags);
    const auto remove = detail::checked_tags(update.remove_tags);
    return impl_->write([&](StoreWriter& w) {
        auto who = impl_->actor(w, actor);
        const Lead before = existing_lead(w, id);
        who.access.require(Action::update, before);
        check_version(before, update.expected_version);
        Lead after = before;
        after.attributes = detail::merged_attributes(before.attributes, attributes);
        std::vector<std::string> tags;
        std::set_union(before.tags.begin(), before.tags.end(), add.begin(), add.end(),
                       std::back_inserter(tags));
        after.tags.clear();
        std::set_difference(tags.begin(), tags.end(), remove.begin(), remove.end(),
                            std::back_inserter(after.tags));
        after.updated_at = impl_->now();
        after.last_seen_at = std::max(after.last_seen_at, after.updated_at);
        ++after.version;
        w.update_lead(after);
        json detail = {{"attributes", json::parse(attributes)}, {"add_tags", add}, {"remove_tags", remove}};
        impl_->record(w, before, after, Action::update, actor, "", detail.dump());
        return after;
    });
}

std::vector<HistoryEntry> Engine::history(const UserId& actor, LeadId id) const {
    return impl_->read([&](StoreReader& r) {
        const Lead lead = impl_->readable_lead(r, actor, id);
        return detail::group_history(r, detail::group_of(r, lead.id));
    });
}

// --- ingestion and merges ---------------------------------------------------------------------

std::vector<IngestResult> Engine::ingest(const UserId& actor, const std::vector<ChannelRecord>& records,
                                         const IngestOptions& options) {
    if (records.size() > kMaxBatchSize) {
        throw Error(ErrorCode::limit_exceeded, "ingest batch of " + std::to_string(records.size()) +
                                                   " records: at most " + std::to_string(kMaxBatchSize));
    }
    return impl_->write([&](StoreWriter& w) {
        auto who = impl_->actor(w, actor);
        who.access.require(Action::capture);
        const IdentityRules rules = impl_->identity_rules(w);
        const Timestamp at = impl_->now();
        const detail::CheckedBatch checked = detail::checked_batch(w, records.size(), [&](std::size_t i) {
            return detail::checked_record(records[i], rules, at, options.drop_unusable_identities);
        });
        std::vector<IngestResult> results;
        results.reserve(records.size());
        for (std::size_t i = 0; i < records.size(); ++i) {
            std::optional<detail::IngestPlan> plan;
            try {
                plan = detail::plan_record(w, who.access, rules, at, detail::checked_or_throw(checked[i]));
            } catch (const Error& e) {
                const bool store_failed = e.code() == ErrorCode::storage || e.code() == ErrorCode::busy ||
                                          e.code() == ErrorCode::internal;
                if (store_failed) throw;
                if (options.all_or_nothing) {
                    throw Error(e.code(), "ingest batch item " + std::to_string(i) + ": " + e.what());
                }
                IngestResult rejected;
                rejected.outcome = IngestOutcome::rejected;
                rejected.error = e.code();
                rejected.reason = e.what();
                results.push_back(std::move(rejected));
                continue;
            }
            results.push_back(detail::apply_plan(w, actor, at, std::move(*plan)).result);
        }
        return results;
    });
}

MergeRecord Engine::merge_leads(const UserId& actor, LeadId first, LeadId second, const std::string& reason) {
    detail::check_text(reason, "reason");
    return impl_->write([&](StoreWriter& w) {
        auto who = impl_->actor(w, actor);
        const Lead a = existing_lead(w, first);
        const Lead b = existing_lead(w, second);
        who.access.require(Action::merge, a);
        who.access.require(Action::merge, b);
        if (a.id == b.id) {
            throw Error(ErrorCode::invalid_argument, "merge: leads " + std::to_string(first) + " and " +
                                                         std::to_string(second) + " are one lead already");
        }
        std::vector<Lead> ranked = detail::by_survivor_rule({a, b});
        if (auto breach = detail::merge_guard(w, ranked, impl_->identity_rules(w))) {
            throw Error(ErrorCode::conflict,
                        std::string("merge refused by ") + to_string(breach->rule) + ": " + breach->message);
        }
        Lead& survivor = ranked[0];
        std::vector<LeadId> group = detail::group_of(w, survivor.id);
        for (LeadId id : detail::group_of(w, ranked[1].id)) group.push_back(id);
        detail::refold(w, survivor, group);
        const Timestamp at = impl_->now();
        MergeRecord merge = detail::absorb(w, survivor, ranked[1], actor, at, reason);
        survivor.updated_at = at;
        w.update_lead(survivor);
        return merge;
    });
}

Lead Engine::unmerge(const UserId& actor, MergeId id, const std::string& reason) {
    detail::check_text(reason, "reason");
    return impl_->write([&](StoreWriter& w) {
        auto who = impl_->actor(w, actor);
        auto merge = w.merge_record(id);
        if (!merge) not_found("no merge " + std::to_string(id));
        who.access.require(Action::unmerge, existing_lead(w, merge->survivor));
        if (merge->unmerged_at) {
            throw Error(ErrorCode::conflict, "merge " + std::to_string(id) + " was undone already");
        }
        return detail::unmerge(w, *merge, actor, impl_->now(), reason);
    });
}

std::vector<MergeRecord> Engine::merges(const UserId& actor, const MergeFilter& filter) const {
    return impl_->read([&](StoreReader& r) {
        auto who = impl_->actor(r, actor);
        who.access.require(Action::merge);
        std::vector<MergeRecord> out;
        for (MergeRecord& merge : r.merge_records()) {
            if (filter.lead && merge.survivor != *filter.lead && merge.absorbed != *filter.lead) continue;
            if (filter.collisions_only && !merge.collision) continue;
            if (!filter.include_unmerged && merge.unmerged_at) continue;
            if (!who.access.allows(Action::read, existing_lead(r, merge.survivor))) continue;
            out.push_back(std::move(merge));
        }
        return out;
    });
}

std::vector<IdentityConflict> Engine::identity_conflicts(const UserId& actor) const {
    return impl_->read([&](StoreReader& r) {
        auto who = impl_->actor(r, actor);
        who.access.require(Action::merge);
        std::vector<IdentityConflict> out;
        for (IdentityConflict& conflict : r.identity_conflicts()) {
            if (who.access.allows(Action::read, existing_lead(r, conflict.lead)))
                out.push_back(std::move(conflict));
        }
        return out;
    });
}

std::vector<LeadEvent> Engine::events(const UserId& actor, LeadId id) const {
    return impl_->read([&](StoreReader& r) {
        const Lead lead = impl_->readable_lead(r, actor, id);
        std::vector<LeadEvent> out;
        for (LeadId member : detail::group_of(r, lead.id)) {
            auto events = r.events(member);
            out.insert(out.end(), events.begin(), events.end());
        }
        std::sort(out.begin(), out.end(), [](const LeadEvent& a, const LeadEvent& b) {
            return a.at != b.at ? a.at < b.at : a.seq < b.seq;
        });
        return out;
    });
}

std::vector<AttributeValue> Engine::attribute_history(const UserId& actor, LeadId id,
                                                      const std::string& field) const {
    return impl_->read([&](StoreReader& r) {
        const Lead lead = impl_->readable_lead(r, actor, id);
        return detail::attribute_values(detail::group_data(r, detail::group_of(r, lead.id)), field);
    });
}

IdentityRules Engine::identity_rules() const {
    return impl_->read([&](StoreReader& r) { return impl_->identity_rules(r); });
}

void Engine::set_identity_rules(const UserId& actor, const IdentityRules& rules) {
    const std::string text = rules.to_json();
    IdentityRules::from_json(text);  // the same checks a host's JSON gets
    impl_->write([&](StoreWriter& w) {
        impl_->actor(w, actor).access.require(Action::manage_org);
        w.set_setting(kIdentityRulesKey, text);
        impl_->record(w, OrgEventKind::identity_rules_changed, actor, json::parse(text));
    });
}

// --- transitions ------------------------------------------------------------------------------

Lead Engine::transition(const UserId& actor, const TransitionRequest& request) {
    return impl_->write([&](StoreWriter& w) {
        auto who = impl_->actor(w, actor);
        return impl_->transition(w, who.access, request);
    });
}

std::vector<Lead> Engine::transition_batch(const UserId& actor,
                                           const std::vector<TransitionRequest>& requests) {
    return impl_->write([&](StoreWriter& w) {
        auto who = impl_->actor(w, actor);
        check_batch_size(requests.size(), "transition");
        BatchLookups lookups;
        for (const TransitionRequest& request : requests) lookups.leads.push_back(request.lead);
        w.prefetch(lookups);
        return each_item(requests, "transition", [&](const TransitionRequest& request) {
            return impl_->transition(w, who.access, request);
        });
    });
}

bool Engine::can(const UserId& actor, Action action, LeadId id) const {
    return impl_->read([&](StoreReader& r) {
        auto who = impl_->actor(r, actor);
        if (is_org_action(action)) return who.access.allows(action);
        const Lead lead = existing_lead(r, id);
        return action == Action::capture ? who.access.allows_capture_onto(lead)
                                         : who.access.allows(action, lead);
    });
}

// --- reports ----------------------------------------------------------------------------------

FunnelReport Engine::funnel(const UserId& actor, const FunnelFilter& filter) const {
    return impl_->read([&](StoreReader& r) {
        auto who = impl_->actor(r, actor);
        who.access.require(Action::report);
        LeadSelection selection = impl_->selection(r, who.access, filter.pool);
        selection.owner = filter.owner;
        selection.channel = filter.channel;
        selection.created_from = filter.captured_from;
        selection.created_to = filter.captured_to;

        FunnelReport report;
        for (int t = 0; t < kTierCount; ++t) report.tiers[t].tier = static_cast<Tier>(t);
        for (const FunnelCell& cell : r.funnel(selection)) {
            report.leads += cell.count;
            report.tiers[static_cast<std::size_t>(cell.tier)].at += cell.count;
            for (int t = 0; t < kTierCount; ++t) {
                if (cell.reached & tier_bit(static_cast<Tier>(t))) report.tiers[t].reached += cell.count;
            }
        }
        auto rate = [](std::int64_t part, std::int64_t whole) {
            return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
        };
        const Tier main_line[] = {Tier::master, Tier::sub, Tier::opportunity, Tier::order};
        for (std::size_t i = 0; i + 1 < std::size(main_line); ++i) {
            report.conversions.push_back(
                {main_line[i], main_line[i + 1],
                 rate(report[main_line[i + 1]].reached, report[main_line[i]].reached)});
        }
        report.main_line_conversion = rate(report[Tier::order].reached, report.leads);
        return report;
    });
}

// --- public-pool mechanics --------------------------------------------------------------------

RoutingTable Engine::routing(const UserId& actor) const {
    return impl_->read([&](StoreReader& r) {
        impl_->actor(r, actor);
        return detail::routing_table(r);
    });
}

RoutingTable Engine::set_routing(const UserId& actor, const RoutingTable& table) {
    return impl_->operate(actor, Action::manage_pools,
                          [&](const detail::Operation& op) { return detail::set_routing_table(op, table); });
}

std::vector<RouteDecision> Engine::route(const UserId& actor, const RouteRequest& request) {
    return impl_->operate(actor, Action::route,
                          [&](const detail::Operation& op) { return detail::route(op, request); });
}

PoolSettings Engine::pool_settings(const UserId& actor, PoolId pool) const {
    return impl_->read([&](StoreReader& r) {
        impl_->actor(r, actor);
        existing_pool(r, pool);
        return detail::pool_settings(r, pool);
    });
}

PoolSettings Engine::set_pool_settings(const UserId& actor, PoolId pool, const PoolSettings& settings) {
    return impl_->operate(actor, Action::manage_pools, [&](const detail::Operation& op) {
        return detail::set_pool_settings(op, pool, settings);
    });
}

AssignResult Engine::assign(const UserId& actor, const AssignRequest& request) {
    return impl_->operate(actor, Action::assign,
                          [&](const detail::Operation& op) { return detail::assign(op, request); });
}

Lead Engine::claim(const UserId& actor, LeadId lead) {
    return impl_->operate(actor, Action::claim,
                          [&](const detail::Operation& op) { return detail::claim(op, lead); });
}

Lead Engine::release(const UserId& actor, LeadId lead, const std::string& reason) {
    return impl_->operate(actor, Action::release,
                          [&](const detail::Operation& op) { return detail::release(op, lead, reason); });
}

Activity Engine::follow_up(const UserId& actor, LeadId lead, const FollowUp& follow_up) {
    return impl_->operate(actor, Action::follow_up, [&](const detail::Operation& op) {
        return detail::follow_up(op, lead, follow_up);
    });
}

std::vector<Activity> Engine::activities(const UserId& actor, LeadId lead) const {
    return impl_->read([&](StoreReader& r) {
        impl_->actor(r, actor).access.require(Action::read, existing_lead(r, lead));
        return detail::activities(r, lead);
    });
}

MaintenanceReport Engine::maintain(const UserId& actor) {
    return impl_->operate(actor, Action::recycle,
                          [&](const detail::Operation& op) { return detail::maintain(op); });
}

std::vector<Workflow> Engine::workflows(const UserId& actor) const {
    return impl_->read([&](StoreReader& r) {
        impl_->actor(r, actor);
        return detail::workflows(r);
    });
}

Workflow Engine::define_workflow(const UserId& actor, const Workflow& workflow) {
    return impl_->operate(actor, Action::manage_workflows,
                          [&](const detail::Operation& op) { return detail::define_workflow(op, workflow); });
}

Opportunity Engine::open_opportunity(const UserId& actor, const OpportunityRequest& request) {
    return impl_->operate(actor, Action::qualify, [&](const detail::Operation& op) {
        return detail::open_opportunity(op, request, impl_->transition_in(op));
    });
}

Opportunity Engine::advance_opportunity(const UserId& actor, LeadId lead, const std::string& step) {
    return impl_->operate(actor, Action::advance, [&](const detail::Operation& op) {
        return detail::advance_opportunity(op, lead, step);
    });
}

Opportunity Engine::add_collaborator(const UserId& actor, LeadId lead, const UserId& user) {
    return impl_->operate(actor, Action::collaborate, [&](const detail::Operation& op) {
        return detail::add_collaborator(op, lead, user);
    });
}

Opportunity Engine::win_opportunity(const UserId& actor, LeadId lead,
                                    std::optional<std::int64_t> order_amount) {
    return impl_->operate(actor, Action::win, [&](const detail::Operation& op) {
        return detail::win_opportunity(op, lead, order_amount, impl_->transition_in(op));
    });
}

std::vector<Opportunity> Engine::opportunities(const UserId& actor, LeadId lead) const {
    return impl_->read([&](StoreReader& r) {
        impl_->actor(r, actor).access.require(Action::read, existing_lead(r, lead));
        return r.opportunities(lead);
    });
}

}  // namespace leadpool
