#include "follow_ups.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "input_time.hpp"
#include "lead_group.hpp"
#include "text.hpp"

namespace leadpool::detail {
namespace {

using nlohmann::json;

Activity activity_of(const HistoryEntry& row) {
    try {
        const json detail = json::parse(row.detail);
        const auto kind = parse_activity_kind(detail.at("kind").get<std::string>());
        if (!kind) throw Error(ErrorCode::storage, "unknown activity kind");
        return Activity{row.lead,
                        *kind,
                        row.actor,
                        detail.at("at").get<Timestamp>(),
                        row.at,
                        detail.at("outcome").get<std::string>(),
                        detail.at("note").get<std::string>()};
    } catch (const json::exception& e) {
        throw Error(ErrorCode::storage,
                    "history " + std::to_string(row.seq) + ": unreadable follow-up: " + e.what());
    }
}

}  // namespace

Activity follow_up(const Operation& op, LeadId id, const FollowUp& input) {
    check_text(input.outcome, "outcome");
    check_text(input.note, "note");
    if (std::string_view(to_string(input.kind)) == "unknown") {
        throw Error(ErrorCode::invalid_argument, "follow-up: unknown activity kind");
    }
    const Timestamp at = checked_time(input.at.value_or(op.now), op.now, "follow-up: at");
    const Lead before = lead_for(op.access, op.store, id, Action::follow_up);
    op.access.require(Action::follow_up, before);
    Lead after = before;
    after.last_activity_at = std::max(before.last_activity_at, at);
    after.updated_at = op.now;
    ++after.version;
    const json detail = {
        {"kind", to_string(input.kind)}, {"at", at}, {"outcome", input.outcome}, {"note", input.note}};
    op.save(before, after, Action::follow_up, "", detail.dump());
    return Activity{id, input.kind, op.actor(), at, op.now, input.outcome, input.note};
}

std::vector<Activity> activities(const Reading& reading, LeadId id) {
    return group_activities(reading.store, lead_for(reading.access, reading.store, id, Action::read).id);
}

std::vector<Activity> group_activities(StoreReader& store, LeadId root) {
    std::vector<Activity> out;
    for (const HistoryEntry& row : group_history(store, group_of(store, root))) {
        if (row.action == Action::follow_up) out.push_back(activity_of(row));
    }
    return out;
}

}  // namespace leadpool::detail
