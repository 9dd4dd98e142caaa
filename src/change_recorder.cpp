#include "change_recorder.hpp"

#include <algorithm>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "lead_group.hpp"
#include "leadpool/error.hpp"

namespace leadpool {

namespace {

constexpr const char* kOpportunityOpened = "opportunity_opened";
constexpr const char* kOpportunityAdvanced = "opportunity_advanced";
constexpr const char* kOpportunityChanged = "opportunity_changed";
constexpr const char* kIdentityConflict = "identity_conflict";
constexpr const char* kIdentityConflictResolved = "identity_conflict_resolved";

LeadPlace place_of(const Lead& lead) { return LeadPlace{lead.tier, lead.pool, lead.owner}; }

// A change's head: when, who, about what, and what happened.
Change change_of(Timestamp at, const UserId& actor, ChangeSubject subject, std::string kind) {
    Change change;
    change.at = at;
    change.actor = actor;
    change.subject = subject;
    change.kind = std::move(kind);
    return change;
}

// The kind of an opportunity's change from `before` (none: just opened) to `after`.
std::string opportunity_kind(const std::optional<Opportunity>& before, const Opportunity& after) {
    if (!before) return kOpportunityOpened;
    if (before->status != after.status) return std::string("opportunity_") + to_string(after.status);
    if (before->step != after.step) return kOpportunityAdvanced;
    return kOpportunityChanged;
}

// The user, pool or other object an organisation event names, from its detail.
std::string org_object(const std::string& detail) {
    const auto parsed = nlohmann::json::parse(detail, nullptr, false);
    if (!parsed.is_object()) return {};
    for (const char* key : {"id", "pool", "name"}) {
        auto found = parsed.find(key);
        if (found == parsed.end()) continue;
        if (found->is_string()) return found->get<std::string>();
        if (found->is_number_integer()) return std::to_string(found->get<std::int64_t>());
    }
    if (auto user = parsed.find("user"); user != parsed.end() && user->is_object()) {
        if (auto id = user->find("id"); id != user->end() && id->is_string()) return id->get<std::string>();
    }
    return {};
}

}  // namespace

const std::vector<std::string>& change_kinds() {
    static const std::vector<std::string> kinds = [] {
        std::vector<std::string> all;
        for (Action action : all_actions()) {
            // The actions a history row can record: every lead action but read and subject access,
            // and of the organisation actions recycle, rekey and score.
            if (action == Action::read || action == Action::export_personal_data ||
                (is_org_action(action) && action != Action::recycle && action != Action::rekey &&
                 action != Action::score)) {
                continue;
            }
            all.emplace_back(to_string(action));
        }
        all.emplace_back(kOpportunityOpened);
        all.emplace_back(kOpportunityAdvanced);
        for (auto status : {OpportunityStatus::won, OpportunityStatus::lost, OpportunityStatus::reactivated,
                            OpportunityStatus::released}) {
            all.push_back(std::string("opportunity_") + to_string(status));
        }
        all.emplace_back(kOpportunityChanged);
        all.emplace_back(kIdentityConflict);
        all.emplace_back(kIdentityConflictResolved);
        for (int kind = 0; kind < kOrgEventKindCount; ++kind) {
            all.emplace_back(to_string(static_cast<OrgEventKind>(kind)));
        }
        return all;
    }();
    return kinds;
}

namespace detail {

std::optional<std::string> ChangeRecorder::setting(std::string_view key) {
    const std::string name(key);
    auto known = settings_.find(name);
    if (known == settings_.end()) known = settings_.emplace(name, store_.setting(key)).first;
    return known->second;
}

void ChangeRecorder::set_setting(std::string_view key, std::string_view value) {
    store_.set_setting(key, value);
    settings_[std::string(key)] = std::string(value);
}

std::set<LeadId> ChangeRecorder::touched_leads() const {
    std::set<LeadId> leads = touched_;
    for (const auto& [id, written] : written_) leads.insert(id);
    return leads;
}

void ChangeRecorder::wrote(LeadId id, const Lead& lead) { written_[id] = Written{place_of(lead), lead.version}; }

ChangeRecorder::Written ChangeRecorder::current(LeadId id) {
    if (auto found = written_.find(id); found != written_.end() && found->second.place) return found->second;
    auto stored = store_.lead(id);
    if (!stored) throw Error(ErrorCode::internal, "change feed: no lead " + std::to_string(id));
    return Written{place_of(*stored), stored->version};
}

void ChangeRecorder::at_lead(Change& change, LeadId id) {
    const Written lead = current(id);
    change.lead = id;
    change.before = change.after = *lead.place;
    change.version = lead.version;
}

LeadId ChangeRecorder::insert_lead(const Lead& lead) {
    const LeadId id = store_.insert_lead(lead);
    wrote(id, lead);
    return id;
}

void ChangeRecorder::update_lead(const Lead& lead) {
    store_.update_lead(lead);
    wrote(lead.id, lead);
}

std::vector<std::int64_t> ChangeRecorder::set_owners(const std::vector<Assignment>& owners, Timestamp at) {
    auto versions = store_.set_owners(owners, at);
    for (std::size_t i = 0; i < owners.size() && i < versions.size(); ++i) {
        Written& lead = written_[owners[i].lead];
        if (lead.place) lead.place->owner = owners[i].owner;
        lead.version = versions[i];
    }
    return versions;
}

void ChangeRecorder::append_history(const HistoryEntry& entry) {
    store_.append_history(entry);
    Change change = change_of(entry.at, entry.actor, ChangeSubject::lead, to_string(entry.action));
    change.lead = entry.lead;
    change.before = {entry.from_tier, entry.from_pool, entry.from_owner};
    change.after = {entry.to_tier, entry.to_pool, entry.to_owner};
    change.reason = entry.reason;
    change.detail = entry.detail;
    lead_changes_.emplace_back(entry.lead, changes_.size());
    changes_.push_back(std::move(change));
}

void ChangeRecorder::append_org_event(const OrgEvent& event) {
    store_.append_org_event(event);
    Change change = change_of(event.at, event.actor, ChangeSubject::organisation, to_string(event.kind));
    change.object = org_object(event.detail);
    change.detail = event.detail;
    changes_.push_back(std::move(change));
}

std::int64_t ChangeRecorder::append_identity_conflict(const IdentityConflict& conflict) {
    const std::int64_t id = store_.append_identity_conflict(conflict);
    Change change = change_of(conflict.at, conflict.actor, ChangeSubject::identity_conflict, kIdentityConflict);
    change.object = std::to_string(id);
    at_lead(change, conflict.lead);
    change.reason = conflict.message;
    change.detail = nlohmann::json{{"rule", to_string(conflict.rule)},
                                   {"channel", conflict.channel},
                                   {"record_id", conflict.record_id},
                                   {"others", conflict.others}}
                        .dump();
    changes_.push_back(std::move(change));
    return id;
}

void ChangeRecorder::rewrite_identity_conflict(const IdentityConflict& conflict) {
    const auto before = store_.identity_conflict(conflict.id);
    store_.rewrite_identity_conflict(conflict);
    if (!before || before->state == conflict.state) return;
    Change change = change_of(now_, actor_, ChangeSubject::identity_conflict, kIdentityConflictResolved);
    change.object = std::to_string(conflict.id);
    at_lead(change, resolved_lead(store_, conflict.lead).id);
    change.reason = conflict.resolution_reason;
    change.detail = nlohmann::json{{"rule", to_string(conflict.rule)},
                                   {"channel", conflict.channel},
                                   {"record_id", conflict.record_id},
                                   {"others", conflict.others},
                                   {"state", to_string(conflict.state)},
                                   {"merges", conflict.resolution_merges}}
                        .dump();
    changes_.push_back(std::move(change));
}

void ChangeRecorder::put_opportunity(const Opportunity& opportunity) {
    std::optional<Opportunity> before;
    for (Opportunity& existing : store_.opportunities(opportunity.lead)) {
        if (existing.number == opportunity.number) before = std::move(existing);
    }
    store_.put_opportunity(opportunity);
    Change change = change_of(now_, actor_, ChangeSubject::opportunity, opportunity_kind(before, opportunity));
    change.object = std::to_string(opportunity.number);
    at_lead(change, opportunity.lead);
    nlohmann::json detail{{"step", opportunity.step}, {"status", to_string(opportunity.status)}};
    if (before && before->step != opportunity.step) detail["from_step"] = before->step;
    if (before && before->status != opportunity.status) detail["from_status"] = to_string(before->status);
    if (opportunity.status == OpportunityStatus::won) detail["order_amount"] = opportunity.order_amount;
    change.detail = detail.dump();
    changes_.push_back(std::move(change));
}

void ChangeRecorder::commit() {
    // A lead changed twice in one transaction (a merge's survivor, a batch) ends where its last
    // change leaves it; replaying the feed must arrive there too. Each history row is one
    // version of its lead, so a lead's rows here carry the last versions up to the final one
    // (an operation may write the row before the lead).
    std::sort(lead_changes_.begin(), lead_changes_.end());  // by lead, each lead's in order
    for (auto first = lead_changes_.begin(); first != lead_changes_.end();) {
        const LeadId lead = first->first;
        const auto end = std::find_if(first, lead_changes_.end(), [&](const auto& c) { return c.first != lead; });
        const auto found = written_.find(lead);
        const Written final = found != written_.end() ? found->second : current(lead);
        Change& last = changes_[std::prev(end)->second];
        if (final.place) last.after = *final.place;
        std::int64_t version = final.version - static_cast<std::int64_t>(end - first);
        for (; first != end; ++first) changes_[first->second].version = ++version;
    }
    if (keep_committed_) {
        for (Change& change : changes_) change.seq = store_.append_change(change);
    } else {
        for (Change& change : changes_) store_.append_change(std::move(change));
    }
    store_.commit();
    if (keep_committed_) committed_.assign(std::make_move_iterator(changes_.begin()), std::make_move_iterator(changes_.end()));
    changes_.clear();
}

}  // namespace detail
}  // namespace leadpool
