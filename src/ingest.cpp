#include "ingest.hpp"

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>

#include "batch.hpp"
#include "context.hpp"
#include "history_rows.hpp"
#include "identity_text.hpp"
#include "json_text.hpp"
#include "input_time.hpp"
#include "lead_data.hpp"
#include "lead_group.hpp"
#include "leadpool/limits.hpp"
#include "merge.hpp"
#include "phone_number.hpp"
#include "referral_links.hpp"
#include "suppression.hpp"
#include "text.hpp"

namespace leadpool::detail {
namespace {

using nlohmann::json;

bool contains(const std::vector<Identity>& identities, const Identity& identity) {
    return std::find(identities.begin(), identities.end(), identity) != identities.end();
}

// The history detail of an ingested record: the data the lead fold reads back (lead_group.cpp).
// Written as text with nlohmann::json's (sorted) key order; the attributes are already checked
// compact JSON (checked_attributes) and go in as they are.
std::string record_detail(const CheckedRecord& record) {
    using json_text::append_string;
    std::string out = "{\"attributes\":" + record.attributes;
    if (!(record.attribution == Attribution{})) {
        out += ",\"attribution\":{\"campaign\":";
        append_string(out, record.attribution.campaign);
        out += ",\"medium\":";
        append_string(out, record.attribution.medium);
        out += ",\"source\":";
        append_string(out, record.attribution.source);
        out += '}';
    }
    out += ",\"channel\":";
    append_string(out, record.channel);
    if (!record.events.empty()) out += ",\"events\":" + std::to_string(record.events.size());
    out += ",\"identities\":[";
    for (std::size_t i = 0; i < record.identities.size(); ++i) {
        if (i != 0) out += ',';
        append_identity(out, record.identities[i]);
    }
    out += "],\"occurred_at\":" + std::to_string(record.occurred_at);
    if (!record.record_id.empty()) {
        out += ",\"record_id\":";
        append_string(out, record.record_id);
    }
    if (record.referrer) {
        out += ",\"referrer\":";
        append_identity(out, *record.referrer);
    }
    out += ",\"tags\":";
    json_text::append_strings(out, record.tags);
    out += '}';
    return out;
}

// An identity of a record that names an existing lead, with its priority (identity rules).
struct Naming {
    Identity identity;
    Lead lead;
    int priority = 0;
};

// The priorities of a record's identities, read only when there is something to decide: a
// phone's (its line type) costs a parse.
class IdentityPriorities {
public:
    IdentityPriorities(const std::vector<Identity>& identities, const IdentityRules& rules,
                       bool nothing_named)
        : identities_(identities) {
        if (nothing_named || identities.size() < 2) return;
        for (const Identity& identity : identities) priorities_.push_back(identity_priority(identity, rules));
    }
    bool any() const { return !priorities_.empty(); }
    // The record's identities stronger than `priority`.
    std::vector<Identity> stronger_than(int priority) const {
        std::vector<Identity> out;
        for (std::size_t i = 0; i < priorities_.size(); ++i) {
            if (priorities_[i] < priority) out.push_back(identities_[i]);
        }
        return out;
    }
    int of(const Identity& identity) const {
        for (std::size_t i = 0; i < priorities_.size(); ++i) {
            if (identities_[i] == identity) return priorities_[i];
        }
        return 0;
    }

private:
    const std::vector<Identity>& identities_;
    std::vector<int> priorities_;
};

// The smallest (strongest) priority of the identities that name `lead`.
int strongest_naming(const std::vector<Naming>& namings, LeadId lead) {
    int strongest = std::numeric_limits<int>::max();
    for (const Naming& naming : namings) {
        if (naming.lead.id == lead) strongest = std::min(strongest, naming.priority);
    }
    return strongest;
}

// Lets the strong identities decide (identity_rules.hpp). A naming identity is a weak link when
// no stronger identity of the record names its lead but one disagrees with it: names another
// lead (or one held apart), or is new to a lead that holds another value of its kind. A weak
// link past its kind's max_joins is shared: it names nothing and is reported. One within its
// limit links, and counts a join when the record lands on its lead.
void drop_shared_links(StoreReader& store, const IdentityRules& rules, const IdentityPriorities& priorities,
                       const std::vector<Identity>& held_apart, std::vector<Naming>& namings,
                       IngestPlan& plan) {
    if (!priorities.any()) return;
    for (Naming& naming : namings) naming.priority = priorities.of(naming.identity);
    std::vector<std::string> shared_because(namings.size());
    for (std::size_t i = 0; i < namings.size(); ++i) {
        const Naming& naming = namings[i];
        bool agrees = false;
        bool disagrees = false;
        for (const Identity& strong : priorities.stronger_than(naming.priority)) {
            const auto names = std::find_if(namings.begin(), namings.end(),
                                            [&](const Naming& other) { return other.identity == strong; });
            if (names != namings.end()) {
                (names->lead.id == naming.lead.id ? agrees : disagrees) = true;
            } else if (contains(held_apart, strong) || same_kind_count(naming.lead.identities, strong) > 0) {
                disagrees = true;
            }
        }
        if (agrees || !disagrees) continue;
        const std::int64_t joins = store.identity_joins(naming.identity);
        const int limit = rules[naming.identity.kind].max_joins;
        if (joins < limit) {
            plan.linking.emplace_back(naming.identity, naming.lead.id);
        } else {
            shared_because[i] = "it joined " + std::to_string(joins) + " times already (max_joins " +
                                std::to_string(limit) + ")";
        }
    }
    std::vector<Naming> kept;
    for (std::size_t i = 0; i < namings.size(); ++i) {
        if (shared_because[i].empty()) {
            kept.push_back(std::move(namings[i]));
            continue;
        }
        plan.shared.push_back(namings[i].identity);
        plan.result.dropped.push_back(describe(namings[i].identity) + " is shared: " + shared_because[i] +
                                      "; it stays with lead " + std::to_string(namings[i].lead.id) +
                                      " and the record goes where its stronger identities say");
    }
    namings = std::move(kept);
}

// Normalises one identity; blocked values count as unusable too.
Identity usable_identity(const Identity& identity, const IdentityRules& rules, const std::string& region) {
    Identity normal = normalize_identity(identity, rules, region);
    if (is_blocked(normal, rules)) {
        throw Error(ErrorCode::invalid_argument, "identity: " + describe(normal) + " is a blocked value");
    }
    return normal;
}

// A capture is a record without id, time or events, whose identities must all be usable.
CheckedRecord checked_capture(const Operation& op, const IdentityRules& rules, const LeadInput& input) {
    op.access.require(Action::capture);  // before anything about existing leads is revealed
    ChannelRecord record;
    record.channel = input.channel;
    record.identities = input.identities;
    record.attributes = input.attributes;
    record.attribution = input.attribution;
    record.tags = input.tags;
    record.region = input.region;
    return checked_record(record, rules, op.now, /*drop_unusable=*/false);
}

// A checked capture planned and written; it happens at the time it was checked.
CaptureResult captured(const Operation& op, const IdentityRules& rules, CheckedRecord record) {
    const Timestamp at = record.occurred_at;
    IngestPlan plan = plan_record(op.store, op.access, rules, at, std::move(record));
    Ingested done = apply_plan(op.store, op.actor(), at, std::move(plan));
    return {done.lead, done.result.outcome == IngestOutcome::created, done.result.absorbed,
            done.result.conflicts, done.result.dropped};
}

bool store_failed(const Error& e) {
    return e.code() == ErrorCode::storage || e.code() == ErrorCode::busy || e.code() == ErrorCode::internal;
}

}  // namespace

CheckedRecord checked_record(const ChannelRecord& record, const IdentityRules& rules, Timestamp now,
                             bool drop_unusable) {
    CheckedRecord out;
    out.channel = checked_name(record.channel, "channel");
    check_text(record.record_id, "record_id");
    out.record_id = record.record_id;
    out.occurred_at = record.occurred_at ? checked_time(*record.occurred_at, now, "occurred_at") : now;
    out.attributes = checked_attributes(record.attributes, "attributes");
    out.attribution = checked_attribution(record.attribution);
    out.tags = checked_tags(record.tags);
    check_text(record.region, "region");
    if (!detail::is_phone_region(record.region)) {
        throw Error(ErrorCode::invalid_argument,
                    "region: '" + record.region + "' has no numbering plan (ISO 3166: CN, IT, US, ...)");
    }

    // An unusable identity is dropped and reported when the caller allows it; an identity over
    // a size limit is hostile input and refuses the record either way.
    auto unusable = [&](const std::string& field, const Error& e) {
        if (!drop_unusable || e.code() != ErrorCode::invalid_argument)
            throw Error(e.code(), field + ": " + e.what());
        out.dropped.push_back(field + ": " + e.what());
    };
    if (record.identities.empty())
        throw Error(ErrorCode::invalid_argument, "identities: at least one is required");
    for (std::size_t i = 0; i < record.identities.size(); ++i) {
        try {
            Identity normal = usable_identity(record.identities[i], rules, record.region);
            if (!contains(out.identities, normal)) out.identities.push_back(std::move(normal));
        } catch (const Error& e) {
            unusable("identities[" + std::to_string(i) + "]", e);
        }
    }
    // Every identity unusable: kept as a lead that never merges, unless the rules say to reject.
    if (out.identities.empty() && !rules.keep_unidentified) {
        std::string why;
        for (const auto& dropped : out.dropped) why += (why.empty() ? "" : "; ") + dropped;
        throw Error(ErrorCode::invalid_argument, "identities: none is usable (" + why + ")");
    }
    if (record.referrer) {
        try {
            out.referrer = usable_identity(*record.referrer, rules, record.region);
        } catch (const Error& e) {
            unusable("referrer", e);
        }
    }

    if (record.events.size() > kMaxBatchSize) {
        throw Error(ErrorCode::limit_exceeded, "events: " + std::to_string(record.events.size()) +
                                                   " in one record, at most " +
                                                   std::to_string(kMaxBatchSize));
    }
    for (std::size_t i = 0; i < record.events.size(); ++i) {
        const BehaviourEvent& event = record.events[i];
        const std::string field = "events[" + std::to_string(i) + "]";
        out.events.push_back({checked_name(event.type, (field + ".type").c_str()),
                              event.at != 0 ? checked_time(event.at, now, field + ".at") : out.occurred_at,
                              checked_attributes(event.payload, (field + ".payload").c_str())});
    }
    return out;
}

CheckedBatch checked_batch(StoreWriter& store, std::size_t count,
                           const std::function<CheckedRecord(std::size_t)>& check) {
    CheckedBatch batch;
    batch.reserve(count);
    BatchLookups lookups;
    for (std::size_t i = 0; i < count; ++i) {
        try {
            CheckedRecord record = check(i);
            if (!record.record_id.empty()) lookups.deliveries.emplace_back(record.channel, record.record_id);
            lookups.identities.insert(lookups.identities.end(), record.identities.begin(),
                                      record.identities.end());
            if (record.referrer) lookups.identities.push_back(*record.referrer);
            batch.emplace_back(std::move(record));
        } catch (const Error& e) {
            batch.emplace_back(e);
        }
    }
    if (!lookups.identities.empty() || !lookups.deliveries.empty()) {
        store.prefetch(lookups);  // nothing to look up when every record was refused
    }
    return batch;
}

CheckedRecord checked_or_throw(const std::variant<CheckedRecord, Error>& item) {
    if (const Error* refused = std::get_if<Error>(&item)) throw *refused;
    return std::get<CheckedRecord>(item);
}

IngestPlan plan_record(StoreWriter& store, const Access& access, const IdentityRules& rules, Timestamp now,
                       CheckedRecord record) {
    screen_suppressed(store, record);  // an erased person who asked not to be kept is refused
    IngestPlan plan;
    plan.result.dropped = record.dropped;
    const UserId& actor = access.user().id;
    if (!record.record_id.empty()) {
        if (auto earlier = store.delivery(record.channel, record.record_id)) {
            plan.lead = resolved_lead(store, *earlier);
            plan.result.outcome = IngestOutcome::duplicate;
            // Which lead holds it is not the actor's to learn when they may not read that lead.
            if (access.allows(Action::read, plan.lead)) plan.result.lead = plan.lead.id;
            plan.record = std::move(record);
            return plan;
        }
    }

    auto conflict = [&](ConflictRule rule, std::vector<Identity> identities, std::vector<LeadId> others,
                        std::string message) {
        IdentityConflict c;
        c.rule = rule;
        c.at = now;
        c.actor = actor;
        c.channel = record.channel;
        c.record_id = record.record_id;
        c.others = std::move(others);
        c.identities = std::move(identities);
        c.message = std::move(message);
        plan.conflicts.push_back(std::move(c));
    };

    // The leads the identities name: each a lead in its own right, since merges move identities.
    // One the actor may not capture onto refuses the record, or, when their duplicate disclosure
    // says nothing, keeps its identity while the record goes on without it (docs/design.md 5.4).
    std::vector<Naming> namings;
    std::vector<Identity> held_apart;
    for (const Identity& identity : record.identities) {
        auto holder = store.lead_by_identity(identity);
        if (!holder) continue;
        Lead lead = resolved_lead(store, *holder);
        if (!access.allows_capture_onto(lead)) {
            access.refuse_hidden_duplicate(describe(identity), lead);
            held_apart.push_back(identity);
            conflict(ConflictRule::out_of_scope, {identity}, {lead.id},
                     "not merged: " + describe(identity) + " belongs to a lead outside the scope of '" +
                         actor + "'");
            continue;
        }
        namings.push_back({identity, std::move(lead), 0});
    }
    // The strong identities decide: a weaker one past its limit names nothing (it is shared).
    const IdentityPriorities priorities(record.identities, rules, namings.empty());
    drop_shared_links(store, rules, priorities, held_apart, namings, plan);
    std::vector<Lead> named;
    for (const Naming& naming : namings) {
        plan.naming.push_back(naming.identity);
        if (std::none_of(named.begin(), named.end(), [&](const Lead& l) { return l.id == naming.lead.id; })) {
            named.push_back(naming.lead);
        }
    }
    std::vector<Lead> ranked = by_survivor_rule(std::move(named));

    if (ranked.size() > 1) {
        const std::optional<GuardBreach> breach = merge_guard(store, ranked, rules, plan.naming);
        if (breach) {
            // Unmerged, the record goes to the lead its strongest identity names (between equals,
            // the one the survivor rule puts first).
            const auto home =
                std::min_element(ranked.begin(), ranked.end(), [&](const Lead& a, const Lead& b) {
                    return strongest_naming(namings, a.id) < strongest_naming(namings, b.id);
                });
            std::rotate(ranked.begin(), home, home + 1);
            std::vector<LeadId> others;
            for (auto it = ranked.begin() + 1; it != ranked.end(); ++it) others.push_back(it->id);
            conflict(breach->rule, plan.naming, std::move(others), "not merged: " + breach->message);
        } else {
            plan.absorbed.assign(ranked.begin() + 1, ranked.end());
        }
    }

    if (ranked.empty()) {
        plan.lead.channel = record.channel;
        plan.lead.created_at = now;
        access.require(Action::capture, plan.lead);  // a new lead: master pool, nobody's
    } else {
        plan.before = plan.lead = ranked.front();
    }

    // The identities the record adds, as far as the kind's max_per_lead allows. One that names
    // a lead left unmerged stays with that lead.
    std::vector<Identity> held = plan.lead.identities;
    for (const Lead& absorbed : plan.absorbed) {
        held.insert(held.end(), absorbed.identities.begin(), absorbed.identities.end());
    }
    for (const Identity& identity : record.identities) {
        if (contains(held, identity) || contains(plan.naming, identity) || contains(held_apart, identity) ||
            contains(plan.shared, identity))
            continue;
        const int limit = rules[identity.kind].max_per_lead;
        if (same_kind_count(held, identity) >= static_cast<std::size_t>(limit)) {
            const std::string why = describe(identity) + " not attached: the lead holds " +
                                    std::to_string(limit) + " such values already (max_per_lead)";
            plan.result.dropped.push_back(why);
            conflict(ConflictRule::max_per_lead, {identity}, {}, why);
            continue;
        }
        held.push_back(identity);
        plan.fresh.push_back(identity);
    }

    // The lead's data with the record's: refolded when the record lands between older data or
    // merges leads, else added on top (the same result, without reading the history).
    DataRow row;
    row.occurred_at = record.occurred_at;
    row.actor = actor;
    row.channel = record.channel;
    row.attributes = record.attributes;
    row.add_tags = record.tags;
    row.attribution = record.attribution;
    Lead& lead = plan.lead;
    if (ranked.empty()) {  // the record is the lead's only data
        lead.attributes = record.attributes;
        lead.tags = record.tags;
        lead.channels = {record.channel};
        lead.attribution = lead.last_attribution = record.attribution;
        lead.last_seen_at = record.occurred_at;
    } else if (!plan.absorbed.empty() || record.occurred_at < lead.last_seen_at) {
        refold(store, lead, joined_group(store, lead.id, plan.absorbed), {row});
    } else {
        lead.attributes = merged_attributes(lead.attributes, record.attributes);
        std::vector<std::string> tags;
        std::set_union(lead.tags.begin(), lead.tags.end(), record.tags.begin(), record.tags.end(),
                       std::back_inserter(tags));
        lead.tags = std::move(tags);
        if (std::find(lead.channels.begin(), lead.channels.end(), record.channel) == lead.channels.end()) {
            lead.channels.push_back(record.channel);
        }
        if (lead.attribution == Attribution{}) lead.attribution = record.attribution;
        if (!(record.attribution == Attribution{})) lead.last_attribution = record.attribution;  // the latest
        lead.last_seen_at = record.occurred_at;
    }

    if (record.referrer) {
        // A referrer outside the actor's scope links only when their disclosure may say that it
        // exists; else it answers as an unknown one (the record's history keeps it either way).
        auto holder = store.lead_by_identity(*record.referrer);
        std::optional<Lead> referrer;
        if (holder) referrer = resolved_lead(store, *holder);
        if (referrer && access.disclosure() == DuplicateDisclosure::none &&
            !access.allows(Action::read, *referrer)) {
            referrer.reset();
        }
        if (!referrer) {
            plan.result.dropped.push_back("referrer: " + describe(*record.referrer) + " names no lead");
        } else if (lead.referred_by == 0) {
            // A lead never refers itself, nor one it brought: a referral never makes a cycle.
            std::vector<LeadId> itself = {lead.id};
            for (const Lead& absorbed : plan.absorbed) itself.push_back(absorbed.id);
            if (std::find(itself.begin(), itself.end(), referrer->id) != itself.end()) {
                plan.result.dropped.push_back("referrer: " + describe(*record.referrer) +
                                              " names the record's own lead");
            } else if (lead.id != 0 && brought_by(store, *referrer, itself)) {
                plan.result.dropped.push_back("referrer: " + describe(*record.referrer) +
                                              " names a lead the record's lead brought (a cycle)");
            } else {
                lead.referred_by = referrer->id;
            }
        }
    }
    lead.updated_at = lead.last_activity_at = now;
    plan.result.outcome = ranked.empty()          ? IngestOutcome::created
                          : plan.absorbed.empty() ? IngestOutcome::updated
                                                  : IngestOutcome::merged;
    plan.record = std::move(record);
    return plan;
}

Ingested apply_plan(StoreWriter& store, const UserId& actor, Timestamp now, IngestPlan plan) {
    Ingested out{std::move(plan.result), std::move(plan.lead)};
    if (out.result.outcome == IngestOutcome::duplicate) return out;
    Lead& lead = out.lead;
    const CheckedRecord& record = plan.record;
    if (out.result.outcome == IngestOutcome::created) {
        lead.identities = plan.fresh;
        lead.id = store.insert_lead(lead);
        plan.before = lead;
    } else {
        for (const Lead& absorbed : plan.absorbed) {
            absorb(store, lead, absorbed, actor, now, "ingest");
            out.result.absorbed.push_back(absorbed.id);
        }
        lead.identities.insert(lead.identities.end(), plan.fresh.begin(), plan.fresh.end());
        ++lead.version;
        store.update_lead(lead);
    }
    append_change(store, plan.before, lead, Action::capture, actor, now, "", record_detail(record));
    for (const BehaviourEvent& event : record.events) {
        store.append_event({0, lead.id, event.type, event.at, record.channel, event.payload});
    }
    if (!plan.absorbed.empty()) {
        for (const Identity& identity : plan.naming) store.add_identity_joins(identity, 1);
    } else {
        for (const auto& [identity, linked] : plan.linking) {
            if (linked == lead.id) store.add_identity_joins(identity, 1);
        }
    }
    for (IdentityConflict& conflict : plan.conflicts) {
        conflict.lead = lead.id;
        const std::int64_t id = store.append_identity_conflict(conflict);
        // An out_of_scope conflict names a lead the actor may not read: theirs to raise, not to see.
        if (conflict.rule != ConflictRule::out_of_scope) out.result.conflicts.push_back(id);
    }
    if (!record.record_id.empty()) store.put_delivery(record.channel, record.record_id, lead.id);
    out.result.lead = lead.id;
    return out;
}

CaptureResult capture(const Operation& op, const LeadInput& input) {
    const auto rules = op.context.identity_rules(op.store);
    return captured(op, *rules, checked_capture(op, *rules, input));
}

std::vector<CaptureResult> capture_batch(const Operation& op, const std::vector<LeadInput>& inputs) {
    const auto rules = op.context.identity_rules(op.store);
    check_batch_size(inputs.size(), "capture");
    const CheckedBatch checked = checked_batch(
        op.store, inputs.size(), [&](std::size_t i) { return checked_capture(op, *rules, inputs[i]); });
    return each_item(checked, "capture", [&](const std::variant<CheckedRecord, Error>& item) {
        return captured(op, *rules, checked_or_throw(item));
    });
}

std::vector<IngestResult> ingest(const Operation& op, const std::vector<ChannelRecord>& records,
                                 const IngestOptions& options) {
    check_batch_size(records.size(), "ingest");
    op.access.require(Action::capture);
    const auto rules = op.context.identity_rules(op.store);
    const CheckedBatch checked = checked_batch(op.store, records.size(), [&](std::size_t i) {
        return checked_record(records[i], *rules, op.now, options.drop_unusable_identities);
    });
    std::vector<IngestResult> results;
    results.reserve(records.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
        std::optional<IngestPlan> plan;
        try {
            plan = plan_record(op.store, op.access, *rules, op.now, checked_or_throw(checked[i]));
        } catch (const Error& e) {
            if (store_failed(e)) throw;
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
        results.push_back(apply_plan(op.store, op.actor(), op.now, std::move(*plan)).result);
    }
    return results;
}

}  // namespace leadpool::detail
