#include "store/postgres_write_batch.hpp"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "leadpool/error.hpp"
#include "store/store_rows.hpp"

namespace leadpool {
namespace {

using nlohmann::json;
using pg::param;
using namespace store_rows;

// The most lead ids reserved in one statement: blocks grow 1, 1, 2, 4, ... up to this.
constexpr std::int64_t kMaxLeadIdBlock = 1024;
// Held rows are sent once they take this much memory, whatever comes next.
constexpr std::size_t kMaxHeldBytes = 8u << 20;

// The statements that send held rows, in the order of held_rows(): leads before the identities
// and tags that refer to them, and each table's rows in the order they were added, so history
// and event seq follow it.
const char* const kInsertHeldRows[] = {
    "INSERT INTO leads (id, tier, reached, pool_id, owner, channel, channels, attributes, source, medium, "
    "campaign, created_at, updated_at, last_activity_at, version, last_seen_at, referred_by, merged_into) "
    "SELECT (r ->> 0)::bigint, (r ->> 1)::smallint, (r ->> 2)::smallint, (r ->> 3)::bigint, r ->> 4, r ->> 5, "
    "r ->> 6, r ->> 7, r ->> 8, r ->> 9, r ->> 10, (r ->> 11)::bigint, (r ->> 12)::bigint, (r ->> 13)::bigint, "
    "(r ->> 14)::bigint, (r ->> 15)::bigint, (r ->> 16)::bigint, (r ->> 17)::bigint "
    "FROM jsonb_array_elements(?::jsonb) WITH ORDINALITY AS held(r, n) ORDER BY n",

    "INSERT INTO identities (kind, scope, value, lead_id, position) "
    "SELECT (r ->> 0)::smallint, r ->> 1, r ->> 2, (r ->> 3)::bigint, (r ->> 4)::integer "
    "FROM jsonb_array_elements(?::jsonb) AS held(r)",

    "INSERT INTO lead_tags (lead_id, tag) SELECT (r ->> 0)::bigint, r ->> 1 "
    "FROM jsonb_array_elements(?::jsonb) AS held(r)",

    "INSERT INTO deliveries (channel, record_id, lead_id) SELECT r ->> 0, r ->> 1, (r ->> 2)::bigint "
    "FROM jsonb_array_elements(?::jsonb) AS held(r)",

    "INSERT INTO history (lead_id, action, actor, at, from_tier, from_pool, from_owner, to_tier, to_pool, "
    "to_owner, reason, detail) "
    "SELECT (r ->> 0)::bigint, (r ->> 1)::smallint, r ->> 2, (r ->> 3)::bigint, (r ->> 4)::smallint, "
    "(r ->> 5)::bigint, r ->> 6, (r ->> 7)::smallint, (r ->> 8)::bigint, r ->> 9, r ->> 10, r ->> 11 "
    "FROM jsonb_array_elements(?::jsonb) WITH ORDINALITY AS held(r, n) ORDER BY n",

    "INSERT INTO lead_events (lead_id, type, at, channel, payload) "
    "SELECT (r ->> 0)::bigint, r ->> 1, (r ->> 2)::bigint, r ->> 3, r ->> 4 "
    "FROM jsonb_array_elements(?::jsonb) WITH ORDINALITY AS held(r, n) ORDER BY n",
};

// Whether PostgreSQL text can hold the value (no NUL) and JSON can carry it (UTF-8).
bool carriable(const std::string& text) {
    if (text.find('\0') != std::string::npos) return false;
    try {
        static_cast<void>(json(text).dump());
        return true;
    } catch (const json::exception&) {
        return false;
    }
}
bool carriable(std::int64_t) { return true; }

// Reads, in one statement, the lead of every key `known` lacks. `sql` takes the keys as a JSON
// array of arrays and returns each one's position (from 1) and lead id (0: none). A key with
// text that cannot be carried is left out: the look-up that names it reports why.
template <typename Key>
void learn(pg::Connection& connection, const std::vector<Key>& keys, std::map<Key, LeadId>& known,
           const char* sql) {
    std::vector<const Key*> unknown;
    std::set<Key> listed;
    json wanted = json::array();
    for (const Key& key : keys) {
        if (known.count(key) != 0 || !std::apply([](const auto&... part) { return (carriable(part) && ...); }, key) ||
            !listed.insert(key).second) {
            continue;
        }
        wanted.push_back(std::apply([](const auto&... part) { return json::array({part...}); }, key));
        unknown.push_back(&key);
    }
    if (unknown.empty()) return;
    const pg::Result found = connection.exec(sql, {param(encode_json(wanted, "look-ups"))});
    for (int i = 0; i < found.rows(); ++i) {
        known[*unknown.at(static_cast<std::size_t>(found.integer(i, 0) - 1))] = found.integer(i, 1);
    }
}

}  // namespace

// --- rows held back ---------------------------------------------------------------------------

void PostgresWriteBatch::HeldRows::add(const json& row, const char* what) {
    const std::string row_json = encode_json(row, what);
    rows_ += rows_.empty() ? "[" : ",";
    rows_ += row_json;
}

pg::Param PostgresWriteBatch::HeldRows::take() {
    pg::Param all = rows_ + "]";
    rows_.clear();
    return all;
}

std::array<PostgresWriteBatch::HeldRows*, 6> PostgresWriteBatch::held_rows() {
    return {&leads_, &identities_, &tags_, &deliveries_rows_, &history_, &events_};
}

bool PostgresWriteBatch::holds_rows() {
    const auto held = held_rows();
    return std::any_of(held.begin(), held.end(), [](const HeldRows* rows) { return !rows->empty(); });
}

void PostgresWriteBatch::send_when_large(pg::Connection& connection) {
    std::size_t bytes = 0;
    for (const HeldRows* rows : held_rows()) bytes += rows->bytes();
    if (bytes > kMaxHeldBytes) send(connection);
}

void PostgresWriteBatch::send(pg::Connection& connection) {
    const auto held = held_rows();
    for (std::size_t table = 0; table < held.size(); ++table) {
        if (!held[table]->empty()) connection.exec(kInsertHeldRows[table], {held[table]->take()});
    }
}

void PostgresWriteBatch::finish(pg::Connection& connection) {
    send(connection);
    // Unused ids go back only when they are the sequence's last values, one run: then no other
    // session has taken an id since, and the next lead of the schema gets the first of them.
    if (!reserved_ids_.empty() &&
        reserved_ids_.back() - reserved_ids_.front() + 1 == static_cast<std::int64_t>(reserved_ids_.size())) {
        const LeadId first = reserved_ids_.front();
        connection.exec(
            "SELECT setval(seq::regclass, ?, ?) FROM pg_get_serial_sequence('leads', 'id') AS seq "
            "WHERE pg_sequence_last_value(seq::regclass) = ?",
            {param(first > 1 ? first - 1 : 1), param(std::string(first > 1 ? "true" : "false")),
             param(reserved_ids_.back())});
    }
    reserved_ids_.clear();
}

// --- what the writer knows ----------------------------------------------------------------------

PostgresWriteBatch::IdentityKey PostgresWriteBatch::key_of(const Identity& identity) {
    return {code(identity.kind), identity.scope, identity.value};
}

void PostgresWriteBatch::prefetch(pg::Connection& connection, const BatchLookups& lookups) {
    learn_holders(connection, lookups.identities);
    learn(connection, lookups.deliveries, deliveries_,
          "SELECT n, COALESCE((SELECT lead_id FROM deliveries WHERE channel = item ->> 0 "
          "AND record_id = item ->> 1), 0) "
          "FROM jsonb_array_elements(?::jsonb) WITH ORDINALITY AS wanted(item, n)");
}

void PostgresWriteBatch::learn_holders(pg::Connection& connection, const std::vector<Identity>& identities) {
    std::vector<IdentityKey> keys;
    keys.reserve(identities.size());
    for (const Identity& identity : identities) keys.push_back(key_of(identity));
    // Each identity by primary key: a join could be planned as a scan of every identity while the
    // table is small, and a prepared statement keeps that plan as the table grows.
    learn(connection, keys, holders_,
          "SELECT n, COALESCE((SELECT lead_id FROM identities WHERE kind = (item ->> 0)::smallint "
          "AND scope = item ->> 1 AND value = item ->> 2), 0) "
          "FROM jsonb_array_elements(?::jsonb) WITH ORDINALITY AS wanted(item, n)");
}

std::optional<LeadId> PostgresWriteBatch::holder(pg::Connection& connection, const Identity& identity) {
    const IdentityKey key = key_of(identity);
    auto known = holders_.find(key);
    if (known == holders_.end()) {
        const pg::Result found = connection.exec(
            "SELECT lead_id FROM identities WHERE kind = ? AND scope = ? AND value = ?",
            {param(code(identity.kind)), param(identity.scope), param(identity.value)});
        known = holders_.emplace(key, found.rows() > 0 ? found.integer(0, 0) : 0).first;
    }
    if (known->second == 0) return std::nullopt;
    return known->second;
}

std::optional<LeadId> PostgresWriteBatch::delivery(pg::Connection& connection, std::string_view channel,
                                                   std::string_view record_id) {
    DeliveryKey key{std::string(channel), std::string(record_id)};
    auto known = deliveries_.find(key);
    if (known == deliveries_.end()) {
        const pg::Result found = connection.exec("SELECT lead_id FROM deliveries WHERE channel = ? AND record_id = ?",
                                                 {param(key.first), param(key.second)});
        const LeadId lead = found.rows() > 0 ? found.integer(0, 0) : 0;
        known = deliveries_.emplace(std::move(key), lead).first;
    }
    if (known->second == 0) return std::nullopt;
    return known->second;
}

void PostgresWriteBatch::identities_moved(LeadId lead, const std::vector<Identity>& before,
                                          const std::vector<Identity>& after) {
    for (const Identity& identity : before) holders_[key_of(identity)] = 0;
    for (const Identity& identity : after) holders_[key_of(identity)] = lead;
}

// --- rows added -------------------------------------------------------------------------------

LeadId PostgresWriteBatch::next_lead_id(pg::Connection& connection) {
    if (reserved_ids_.empty()) {
        const std::int64_t block = std::clamp<std::int64_t>(lead_ids_used_, 1, kMaxLeadIdBlock);
        const pg::Result ids = connection.exec(
            "SELECT nextval(pg_get_serial_sequence('leads', 'id')::regclass) FROM generate_series(1, ?)",
            {param(block)});
        for (int i = 0; i < ids.rows(); ++i) reserved_ids_.push_back(ids.integer(i, 0));
    }
    const LeadId id = reserved_ids_.front();
    reserved_ids_.pop_front();
    ++lead_ids_used_;
    return id;
}

LeadId PostgresWriteBatch::add_lead(pg::Connection& connection, const Lead& lead) {
    // Everything that can refuse the lead is checked before anything is held.
    pg::require_storable(lead.owner);
    pg::require_storable(lead.channel);
    pg::require_storable(lead.attributes);
    pg::require_storable(lead.attribution.source);
    pg::require_storable(lead.attribution.medium);
    pg::require_storable(lead.attribution.campaign);
    for (const Identity& identity : lead.identities) {
        pg::require_storable(identity.scope);
        pg::require_storable(identity.value);
    }
    const std::vector<std::string> tags = sorted_unique(lead.tags);
    for (const std::string& tag : tags) pg::require_storable(tag);
    // Text that is not UTF-8 is refused here, before any row is held.
    static_cast<void>(encode_identities(lead.identities, "lead identities"));
    static_cast<void>(encode_strings(tags, "lead tags"));
    const std::string channels = encode_strings(lead.channels, "lead channels");
    learn_holders(connection, lead.identities);
    for (const Identity& identity : lead.identities) {
        const LeadId held_by = holders_.at(key_of(identity));
        if (held_by != 0) throw Error(ErrorCode::conflict, describe(identity) + " belongs to lead " + std::to_string(held_by));
    }

    const LeadId id = next_lead_id(connection);
    leads_.add(json::array({id, code(lead.tier), code(lead.reached), lead.pool, lead.owner, lead.channel,
                                      channels, lead.attributes, lead.attribution.source,
                                      lead.attribution.medium, lead.attribution.campaign, lead.created_at,
                                      lead.updated_at, lead.last_activity_at, lead.version, lead.last_seen_at,
                                      lead.referred_by, lead.merged_into}), "lead");
    // An identity the lead lists twice is stored once, at its first position.
    for (std::size_t position = 0; position < lead.identities.size(); ++position) {
        const Identity& identity = lead.identities[position];
        LeadId& held_by = holders_[key_of(identity)];
        if (held_by == id) continue;
        held_by = id;
        identities_.add(json::array({code(identity.kind), identity.scope, identity.value, id,
                                               static_cast<std::int64_t>(position)}), "lead identities");
    }
    for (const std::string& tag : tags) tags_.add(json::array({id, tag}), "lead tags");
    send_when_large(connection);
    return id;
}

void PostgresWriteBatch::add_delivery(pg::Connection& connection, std::string_view channel,
                                      std::string_view record_id, LeadId lead) {
    if (auto earlier = delivery(connection, channel, record_id)) {
        throw Error(ErrorCode::conflict, "record '" + std::string(record_id) + "' of channel '" +
                                             std::string(channel) + "' was delivered to lead " +
                                             std::to_string(*earlier));
    }
    const std::string channel_text(channel);
    const std::string record_text(record_id);
    pg::require_storable(channel_text);
    pg::require_storable(record_text);
    deliveries_rows_.add(json::array({channel_text, record_text, lead}), "delivery");
    deliveries_[{channel_text, record_text}] = lead;
    send_when_large(connection);
}

void PostgresWriteBatch::add_history(pg::Connection& connection, const HistoryEntry& e) {
    for (const std::string* text : {&e.actor, &e.from_owner, &e.to_owner, &e.reason, &e.detail}) {
        pg::require_storable(*text);
    }
    history_.add(json::array({e.lead, code(e.action), e.actor, e.at, code(e.from_tier), e.from_pool, e.from_owner,
                              code(e.to_tier), e.to_pool, e.to_owner, e.reason, e.detail}),
                 "history entry");
    send_when_large(connection);
}

void PostgresWriteBatch::add_event(pg::Connection& connection, const LeadEvent& e) {
    for (const std::string* text : {&e.type, &e.channel, &e.payload}) pg::require_storable(*text);
    events_.add(json::array({e.lead, e.type, e.at, e.channel, e.payload}), "lead event");
    send_when_large(connection);
}

}  // namespace leadpool
