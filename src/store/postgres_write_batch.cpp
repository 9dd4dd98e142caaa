#include "store/postgres_write_batch.hpp"

#include <algorithm>
#include <iterator>
#include <tuple>

#include "leadpool/error.hpp"
#include "store/postgres_leads.hpp"
#include "store/store_rows.hpp"
#include "text.hpp"

namespace leadpool {
namespace {

using nlohmann::json;
using pg::param;
using namespace store_rows;

// The most lead ids reserved in one statement: blocks grow 1, 1, 2, 4, ... up to this.
constexpr std::int64_t kMaxLeadIdBlock = 1024;
// What is held back is sent once it holds this many leads or this much text, whatever comes next.
constexpr std::size_t kMaxHeldLeads = 5000;
constexpr std::size_t kMaxHeldBytes = 8u << 20;
// Past this many known leads, those with nothing held back are forgotten to make room; past this
// many known identities and deliveries, the writer sends what it holds and forgets them. What it
// forgets it reads again when asked.
constexpr std::size_t kMaxKnownLeads = 30000;
constexpr std::size_t kMaxKnownKeys = 300000;

// New rows go in by COPY, in the order they were added (history and events take their seq from
// it); these name each table's columns in the order CopyRows::add gets them.
const char* const kLeadsCopy =
    "leads (id, tier, reached, pool_id, owner, channel, channels, attributes, source, medium, campaign, "
    "created_at, updated_at, last_activity_at, version, last_seen_at, referred_by, merged_into, last_source, "
    "last_medium, last_campaign)";
const char* const kIdentitiesCopy = "identities (kind, scope, value, lead_id, position)";
const char* const kTagsCopy = "lead_tags (lead_id, tag)";
const char* const kDeliveriesCopy = "deliveries (channel, record_id, lead_id)";
const char* const kHistoryCopy =
    "history (lead_id, action, actor, at, from_tier, from_pool, from_owner, to_tier, to_pool, to_owner, reason, "
    "detail)";
const char* const kEventsCopy = "lead_events (lead_id, type, at, channel, payload)";
const char* const kChangesCopy =
    "changes (seq, at, actor, subject, kind, lead_id, object, from_tier, from_pool, from_owner, to_tier, to_pool, "
    "to_owner, version, reason, detail)";

// A changed lead's columns as the statement reads them: (r ->> 0) is the id, and so on.
const char* const kUpdateLeads =
    "UPDATE leads SET tier = (r ->> 1)::smallint, reached = (r ->> 2)::smallint, pool_id = (r ->> 3)::bigint, "
    "owner = r ->> 4, channel = r ->> 5, channels = r ->> 6, attributes = r ->> 7, source = r ->> 8, "
    "medium = r ->> 9, campaign = r ->> 10, created_at = (r ->> 11)::bigint, updated_at = (r ->> 12)::bigint, "
    "last_activity_at = (r ->> 13)::bigint, version = (r ->> 14)::bigint, last_seen_at = (r ->> 15)::bigint, "
    "referred_by = (r ->> 16)::bigint, merged_into = (r ->> 17)::bigint, last_source = r ->> 18, "
    "last_medium = r ->> 19, last_campaign = r ->> 20 "
    "FROM jsonb_array_elements(?::jsonb) AS held(r) WHERE leads.id = (r ->> 0)::bigint";
const char* const kDeleteTags =
    "DELETE FROM lead_tags USING jsonb_array_elements(?::jsonb) AS gone(r) "
    "WHERE lead_tags.lead_id = (r ->> 0)::bigint AND lead_tags.tag = r ->> 1";

// Error(invalid_argument) naming `what` unless PostgreSQL text can hold `text`: UTF-8, no NUL.
void require_copyable(const std::string& text, const char* what) {
    pg::require_storable(text);
    if (!detail::is_utf8(text)) throw Error(ErrorCode::invalid_argument, std::string(what) + " holds text that is not UTF-8");
}

// Whether PostgreSQL text can hold the value (no NUL) and JSON can carry it (UTF-8).
bool carriable(const std::string& text) {
    return text.find('\0') == std::string::npos && detail::is_utf8(text);
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

// The lead as the store gives it back: tags sorted once each, an identity listed twice once.
Lead as_stored(const Lead& lead) {
    Lead stored = lead;
    stored.tags = sorted_unique(lead.tags);
    stored.identities.clear();
    for (const Identity& identity : lead.identities) {
        if (std::find(stored.identities.begin(), stored.identities.end(), identity) == stored.identities.end()) {
            stored.identities.push_back(identity);
        }
    }
    return stored;
}

json lead_row(const Lead& lead) {
    return json::array({lead.id, code(lead.tier), code(lead.reached), lead.pool, lead.owner, lead.channel,
                        encode_strings(lead.channels, "lead channels"), lead.attributes, lead.attribution.source,
                        lead.attribution.medium, lead.attribution.campaign, lead.created_at, lead.updated_at,
                        lead.last_activity_at, lead.version, lead.last_seen_at, lead.referred_by, lead.merged_into,
                        lead.last_attribution.source, lead.last_attribution.medium,
                        lead.last_attribution.campaign});
}

// Error(invalid_argument) when a text of the lead is one PostgreSQL cannot hold or JSON cannot
// carry: checked before anything of the lead is held.
void check_storable(const Lead& lead) {
    for (const std::string* text : {&lead.owner, &lead.channel, &lead.attributes, &lead.attribution.source,
                                    &lead.attribution.medium, &lead.attribution.campaign,
                                    &lead.last_attribution.source, &lead.last_attribution.medium,
                                    &lead.last_attribution.campaign}) {
        require_copyable(*text, "lead");
    }
    for (const std::string& channel : lead.channels) require_copyable(channel, "lead channels");
    for (const Identity& identity : lead.identities) {
        require_copyable(identity.scope, "lead identities");
        require_copyable(identity.value, "lead identities");
    }
    for (const std::string& tag : lead.tags) require_copyable(tag, "lead tags");
}

void add_lead_row(pg::CopyRows& rows, const Lead& lead) {
    rows.add(lead.id, code(lead.tier), code(lead.reached), lead.pool, lead.owner, lead.channel,
             encode_strings(lead.channels, "lead channels"), lead.attributes, lead.attribution.source,
             lead.attribution.medium, lead.attribution.campaign, lead.created_at, lead.updated_at,
             lead.last_activity_at, lead.version, lead.last_seen_at, lead.referred_by, lead.merged_into,
             lead.last_attribution.source, lead.last_attribution.medium, lead.last_attribution.campaign);
}

void add_identity_rows(pg::CopyRows& rows, const Lead& lead) {
    for (std::size_t position = 0; position < lead.identities.size(); ++position) {
        const Identity& identity = lead.identities[position];
        rows.add(code(identity.kind), identity.scope, identity.value, lead.id, static_cast<std::int64_t>(position));
    }
}

void add_tag_rows(pg::CopyRows& rows, LeadId lead, const std::vector<std::string>& tags) {
    for (const std::string& tag : tags) rows.add(lead, tag);
}

// Runs `sql` over the rows, when there are any.
void send_rows(pg::Connection& connection, const char* sql, const json& rows) {
    if (!rows.empty()) connection.exec(sql, {param(encode_json(rows, "rows"))});
}

// COPYs the rows into `table_and_columns`, when there are any; none are left held.
void copy_rows(pg::Connection& connection, const char* table_and_columns, pg::CopyRows& rows) {
    if (rows.empty()) return;
    connection.copy_in(table_and_columns, rows.text());
    rows.clear();
}

}  // namespace

bool PostgresWriteBatch::holds_rows() const {
    return !new_leads_.empty() || !changed_leads_.empty() || !deliveries_rows_.empty() || !history_.empty() ||
           !events_.empty() || !changes_.empty();
}

void PostgresWriteBatch::send_when_large(pg::Connection& connection) {
    const std::size_t bytes = deliveries_rows_.bytes() + history_.bytes() + events_.bytes() + changes_.bytes();
    if (bytes > kMaxHeldBytes || new_leads_.size() + changed_leads_.size() > kMaxHeldLeads) send(connection);
    if (holders_.size() + deliveries_.size() > kMaxKnownKeys) {
        send(connection);  // what is held must be in the database before what it says is forgotten
        holders_.clear();
        deliveries_.clear();
    }
}

void PostgresWriteBatch::send_leads(pg::Connection& connection) {
    pg::CopyRows inserted;
    json updated = json::array();
    pg::CopyRows identities;
    pg::CopyRows tags_added;
    json tags_gone = json::array();
    std::vector<LeadId> identities_rewritten;
    for (LeadId id : new_leads_) {
        const Lead& lead = leads_.at(id);
        add_lead_row(inserted, lead);
        add_identity_rows(identities, lead);
        add_tag_rows(tags_added, id, lead.tags);
    }
    for (const auto& [id, before] : changed_leads_) {
        const Lead& lead = leads_.at(id);
        updated.push_back(lead_row(lead));
        // Identities are rewritten whole, as their order counts; tags change by difference.
        if (lead.identities != before.identities) {
            identities_rewritten.push_back(id);
            add_identity_rows(identities, lead);
        }
        std::vector<std::string> added;
        std::vector<std::string> gone;
        std::set_difference(lead.tags.begin(), lead.tags.end(), before.tags.begin(), before.tags.end(),
                            std::back_inserter(added));
        std::set_difference(before.tags.begin(), before.tags.end(), lead.tags.begin(), lead.tags.end(),
                            std::back_inserter(gone));
        add_tag_rows(tags_added, id, added);
        for (const std::string& tag : gone) tags_gone.push_back(json::array({id, tag}));
    }
    new_leads_.clear();
    changed_leads_.clear();

    copy_rows(connection, kLeadsCopy, inserted);
    send_rows(connection, kUpdateLeads, updated);
    // Every identity a lead gives up is deleted before any is inserted: one may move between leads.
    if (!identities_rewritten.empty()) {
        // The ids as JSON, as postgres_leads reads leads, so the planner goes through the index.
        connection.exec("DELETE FROM identities USING jsonb_array_elements_text(?::jsonb) AS gone(id) "
                        "WHERE identities.lead_id = gone.id::bigint",
                        {param(encode_ids(identities_rewritten))});
    }
    copy_rows(connection, kIdentitiesCopy, identities);
    send_rows(connection, kDeleteTags, tags_gone);
    copy_rows(connection, kTagsCopy, tags_added);
}

void PostgresWriteBatch::send(pg::Connection& connection) {
    send_leads(connection);
    copy_rows(connection, kDeliveriesCopy, deliveries_rows_);
    copy_rows(connection, kHistoryCopy, history_);
    copy_rows(connection, kEventsCopy, events_);
    copy_rows(connection, kChangesCopy, changes_);
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
    // The leads named, then the survivors of those a merge absorbed.
    std::vector<LeadId> named = lookups.leads;
    for (const Identity& identity : lookups.identities) {
        const auto known = holders_.find(key_of(identity));
        if (known != holders_.end() && known->second != 0) named.push_back(known->second);
    }
    for (const DeliveryKey& key : lookups.deliveries) {
        const auto known = deliveries_.find(key);
        if (known != deliveries_.end() && known->second != 0) named.push_back(known->second);
    }
    learn_leads(connection, named);
    std::vector<LeadId> survivors;
    for (LeadId id : named) {
        const auto known = leads_.find(id);
        if (known != leads_.end() && known->second.merged_into != 0) survivors.push_back(known->second.merged_into);
    }
    learn_leads(connection, survivors);
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

void PostgresWriteBatch::learn_leads(pg::Connection& connection, std::vector<LeadId> ids) {
    ids.erase(std::remove_if(ids.begin(), ids.end(), [&](LeadId id) { return id <= 0 || leads_.count(id) != 0; }),
              ids.end());
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    if (!ids.empty()) remember(postgres_leads::read_leads(connection, ids));
}

void PostgresWriteBatch::remember(const std::vector<Lead>& leads) {
    if (leads_.size() + leads.size() > kMaxKnownLeads) {
        for (auto it = leads_.begin(); it != leads_.end();) {
            const bool held = new_leads_.count(it->first) != 0 || changed_leads_.count(it->first) != 0;
            it = held ? std::next(it) : leads_.erase(it);
        }
    }
    for (const Lead& lead : leads) {
        if (new_leads_.count(lead.id) != 0 || changed_leads_.count(lead.id) != 0) continue;  // ours is newer
        leads_[lead.id] = lead;
        for (const Identity& identity : lead.identities) holders_[key_of(identity)] = lead.id;
    }
}

void PostgresWriteBatch::forget(const std::vector<LeadId>& leads) {
    for (LeadId id : leads) leads_.erase(id);
}

std::optional<LeadId> PostgresWriteBatch::holder(pg::Connection& connection, const Identity& identity) {
    learn_holders(connection, {identity});
    const auto known = holders_.find(key_of(identity));
    if (known == holders_.end()) {  // a value that cannot be carried: the look-up refuses it
        const pg::Result found = connection.exec(
            "SELECT lead_id FROM identities WHERE kind = ? AND scope = ? AND value = ?",
            {param(code(identity.kind)), param(identity.scope), param(identity.value)});
        if (found.rows() > 0) return found.integer(0, 0);
        return std::nullopt;
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

std::optional<Lead> PostgresWriteBatch::lead(pg::Connection& connection, LeadId id) {
    learn_leads(connection, {id});
    const auto known = leads_.find(id);
    if (known == leads_.end()) return std::nullopt;
    return known->second;
}

// --- leads and rows added -----------------------------------------------------------------------

void PostgresWriteBatch::require_free(pg::Connection& connection, const std::vector<Identity>& identities,
                                      LeadId lead) {
    learn_holders(connection, identities);
    for (const Identity& identity : identities) {
        const LeadId held_by = holders_.at(key_of(identity));
        if (held_by != 0 && held_by != lead) {
            throw Error(ErrorCode::conflict, describe(identity) + " belongs to lead " + std::to_string(held_by));
        }
    }
}

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
    Lead stored = as_stored(lead);
    check_storable(stored);
    require_free(connection, stored.identities, 0);
    stored.id = next_lead_id(connection);
    for (const Identity& identity : stored.identities) holders_[key_of(identity)] = stored.id;
    new_leads_.insert(stored.id);
    const LeadId id = stored.id;
    leads_[id] = std::move(stored);
    send_when_large(connection);
    return id;
}

void PostgresWriteBatch::update_lead(pg::Connection& connection, const Lead& lead) {
    learn_leads(connection, {lead.id});
    const auto known = leads_.find(lead.id);
    if (known == leads_.end()) throw Error(ErrorCode::not_found, "no lead " + std::to_string(lead.id));
    Lead stored = as_stored(lead);
    check_storable(stored);
    require_free(connection, stored.identities, lead.id);
    // The first change since the last send remembers the lead as the database has it.
    if (new_leads_.count(lead.id) == 0) changed_leads_.emplace(lead.id, known->second);
    for (const Identity& identity : known->second.identities) holders_[key_of(identity)] = 0;
    for (const Identity& identity : stored.identities) holders_[key_of(identity)] = lead.id;
    known->second = std::move(stored);
    send_when_large(connection);
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
    require_copyable(channel_text, "delivery");
    require_copyable(record_text, "delivery");
    deliveries_rows_.add(channel_text, record_text, lead);
    deliveries_[{channel_text, record_text}] = lead;
    send_when_large(connection);
}

void PostgresWriteBatch::moved_delivery(const std::string& channel, const std::string& from, const std::string& to,
                                        LeadId lead) {
    deliveries_[{channel, from}] = 0;
    deliveries_[{channel, to}] = lead;
}

void PostgresWriteBatch::add_history(pg::Connection& connection, const HistoryEntry& e) {
    for (const std::string* text : {&e.actor, &e.from_owner, &e.to_owner, &e.reason, &e.detail}) {
        require_copyable(*text, "history entry");
    }
    history_.add(e.lead, code(e.action), e.actor, e.at, code(e.from_tier), e.from_pool, e.from_owner, code(e.to_tier),
                 e.to_pool, e.to_owner, e.reason, e.detail);
    send_when_large(connection);
}

void PostgresWriteBatch::add_event(pg::Connection& connection, const LeadEvent& e) {
    for (const std::string* text : {&e.type, &e.channel, &e.payload}) require_copyable(*text, "lead event");
    events_.add(e.lead, e.type, e.at, e.channel, e.payload);
    send_when_large(connection);
}

void PostgresWriteBatch::add_change(pg::Connection& connection, const Change& c) {
    for (const std::string* text : {&c.actor, &c.kind, &c.object, &c.before.owner, &c.after.owner, &c.reason,
                                    &c.detail}) {
        require_copyable(*text, "change");
    }
    changes_.add(c.seq, c.at, c.actor, static_cast<int>(c.subject), c.kind, c.lead, c.object, code(c.before.tier),
                 c.before.pool, c.before.owner, code(c.after.tier), c.after.pool, c.after.owner, c.version, c.reason,
                 c.detail);
    send_when_large(connection);
}

}  // namespace leadpool
