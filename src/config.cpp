#include "config.hpp"

#include <cstdlib>
#include <map>
#include <mutex>

#include "config_format.hpp"
#include "leadpool/error.hpp"
#include "leadpool/json.hpp"
#include <nlohmann/json.hpp>

namespace leadpool::detail::config {
namespace {

// Every key the engine keeps in the store's settings.
constexpr const char* kFormatKey = "config_format";
constexpr const char* kStageKey = "stage";
constexpr const char* kIdentityRulesKey = "identity_rules";
constexpr const char* kOrgVersionKey = "org_version";
constexpr const char* kRoutingKey = "routing";
constexpr const char* kWorkflowsKey = "workflows";
constexpr const char* kFeedKey = "feed";
constexpr const char* kRekeyKey = "identity_rekey";
constexpr const char* kNoRekey = "null";  // no re-key under way
constexpr const char* kScoringKey = "scoring";
constexpr const char* kRescoreKey = "scoring_rescore";
constexpr const char* kNoRescore = "null";  // no rescore under way
constexpr const char* kSuppressionSaltKey = "suppression_salt";
std::string policy_key(OrgStage stage) { return std::string("policy.") + to_string(stage); }
std::string pool_settings_key(PoolId pool) { return "pool_settings." + std::to_string(pool); }
std::string cursor_key(PoolId pool) { return "assign_cursor." + std::to_string(pool); }

// Settings written by a newer leadpool are refused rather than misread.
void check_format(StoreReader& store) {
    const auto stored = store.setting(kFormatKey);
    if (!stored) return;  // format 1 predates the key
    const long format = std::strtol(stored->c_str(), nullptr, 10);
    if (format < 1 || format > kFormat) {
        throw Error(ErrorCode::storage, "the store's settings are in format '" + *stored +
                                            "'; this leadpool reads formats 1.." + std::to_string(kFormat));
    }
}

// Every write of a setting says which format it was written in.
void put(StoreWriter& store, const std::string& key, const std::string& value) {
    if (!store.setting(kFormatKey)) store.set_setting(kFormatKey, std::to_string(kFormat));
    store.set_setting(key, value);
}

// Decoded values shared while their stored text is the same: the text is the key, so an entry
// can never be stale.
template <typename Value>
class DecodedCache {
public:
    template <typename Decode>
    std::shared_ptr<const Value> get(const std::string& text, Decode&& decode) {
        std::lock_guard<std::mutex> lock(mutex_);
        auto& cached = values_[text];
        if (!cached) cached = std::make_shared<const Value>(decode(text));
        return cached;
    }

private:
    std::mutex mutex_;
    std::map<std::string, std::shared_ptr<const Value>> values_;
};

}  // namespace

std::optional<OrgStage> stage(StoreReader& store) {
    auto value = store.setting(kStageKey);
    if (!value) return std::nullopt;
    check_format(store);
    auto stage = parse_stage(*value);
    if (!stage) throw Error(ErrorCode::storage, "stored stage '" + *value + "' is unknown");
    return stage;
}

void set_stage(StoreWriter& store, OrgStage stage) { put(store, kStageKey, to_string(stage)); }

std::shared_ptr<const Policy> policy(StoreReader& store, OrgStage stage) {
    static DecodedCache<Policy> cache;
    const auto text = store.setting(policy_key(stage)).value_or("");
    if (text.empty()) return {std::shared_ptr<void>(), &Policy::default_for(stage)};
    return cache.get(text, format::decode_policy);
}

void set_policy(StoreWriter& store, OrgStage stage, const Policy& policy) {
    put(store, policy_key(stage), format::encode(policy));
}

void reset_policy(StoreWriter& store, OrgStage stage) { put(store, policy_key(stage), ""); }

std::shared_ptr<const IdentityRules> identity_rules(StoreReader& store) {
    static DecodedCache<IdentityRules> cache;
    static const auto defaults = std::make_shared<const IdentityRules>(IdentityRules::defaults());
    const auto text = store.setting(kIdentityRulesKey).value_or("");
    if (text.empty()) return defaults;
    return cache.get(text, format::decode_identity_rules);
}

void set_identity_rules(StoreWriter& store, const IdentityRules& rules) {
    put(store, kIdentityRulesKey, format::encode(rules));
}

std::string org_version(StoreReader& store) { return store.setting(kOrgVersionKey).value_or("0"); }

void bump_org_version(StoreWriter& store) {
    const std::string current = org_version(store);
    put(store, kOrgVersionKey, std::to_string(std::strtoll(current.c_str(), nullptr, 10) + 1));
}

RoutingTable routing_table(StoreReader& store) {
    const auto text = store.setting(kRoutingKey);
    return text ? format::decode_routing_table(*text) : RoutingTable{};
}

void set_routing_table(StoreWriter& store, const RoutingTable& table) {
    put(store, kRoutingKey, format::encode(table));
}

PoolSettings pool_settings(StoreReader& store, PoolId pool) {
    const auto text = store.setting(pool_settings_key(pool));
    return text ? format::decode_pool_settings(*text) : PoolSettings{};
}

void set_pool_settings(StoreWriter& store, PoolId pool, const PoolSettings& settings) {
    put(store, pool_settings_key(pool), format::encode(settings));
}

FeedSettings feed_settings(StoreReader& store) {
    const auto text = store.setting(kFeedKey);
    return text ? format::decode_feed_settings(*text) : FeedSettings{};
}

void set_feed_settings(StoreWriter& store, const FeedSettings& settings) {
    put(store, kFeedKey, format::encode(settings));
}

std::vector<Workflow> workflows(StoreReader& store) {
    const auto text = store.setting(kWorkflowsKey);
    return text ? format::decode_workflows(*text) : std::vector<Workflow>{};
}

void set_workflows(StoreWriter& store, const std::vector<Workflow>& workflows) {
    put(store, kWorkflowsKey, format::encode(workflows));
}

std::optional<RekeyProgress> rekey_progress(StoreReader& store) {
    const auto text = store.setting(kRekeyKey);
    if (!text || *text == kNoRekey) return std::nullopt;
    return format::decode_rekey_progress(*text);
}

void set_rekey_progress(StoreWriter& store, const RekeyProgress& progress) {
    put(store, kRekeyKey, format::encode(progress));
}

void end_rekey(StoreWriter& store) { put(store, kRekeyKey, kNoRekey); }

std::shared_ptr<const ScoringRules> scoring_rules(StoreReader& store) {
    static DecodedCache<ScoringRules> cache;
    static const auto none = std::make_shared<const ScoringRules>();
    const auto text = store.setting(kScoringKey).value_or("");
    if (text.empty()) return none;
    return cache.get(text, [](std::string_view stored) { return scoring_rules_from_json(stored); });
}

void set_scoring_rules(StoreWriter& store, const ScoringRules& rules) { put(store, kScoringKey, to_json(rules)); }

std::optional<RescoreProgress> rescore_progress(StoreReader& store) {
    const auto text = store.setting(kRescoreKey);
    if (!text || *text == kNoRescore) return std::nullopt;
    const auto value = nlohmann::json::parse(*text);
    RescoreProgress progress;
    progress.after = value.at("after").get<LeadId>();
    progress.counts.leads = value.at("leads").get<std::int64_t>();
    progress.counts.changed = value.at("changed").get<std::int64_t>();
    progress.counts.needed = true;
    return progress;
}

void set_rescore_progress(StoreWriter& store, const RescoreProgress& progress) {
    put(store, kRescoreKey,
        nlohmann::json{{"after", progress.after}, {"leads", progress.counts.leads}, {"changed", progress.counts.changed}}
            .dump());
}

void end_rescore(StoreWriter& store) { put(store, kRescoreKey, kNoRescore); }

std::optional<std::string> suppression_salt(StoreReader& store) { return store.setting(kSuppressionSaltKey); }

void set_suppression_salt(StoreWriter& store, const std::string& salt) { put(store, kSuppressionSaltKey, salt); }

std::optional<UserId> assignment_cursor(StoreReader& store, PoolId pool) {
    return store.setting(cursor_key(pool));
}

void set_assignment_cursor(StoreWriter& store, PoolId pool, const UserId& member) {
    put(store, cursor_key(pool), member);
}

}  // namespace leadpool::detail::config
