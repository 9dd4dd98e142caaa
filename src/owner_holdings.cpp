#include "owner_holdings.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <string>

#include "context.hpp"
#include "leads.hpp"
#include "leadpool/error.hpp"

namespace leadpool {
namespace {

constexpr Timestamp kDayMs = 86'400'000;

OwnerHolding& line_of(std::vector<OwnerHolding>& lines, const UserId& owner) {
    auto it = std::lower_bound(lines.begin(), lines.end(), owner,
                               [](const OwnerHolding& line, const UserId& id) { return line.owner < id; });
    if (it == lines.end() || it->owner != owner) {
        OwnerHolding line;
        line.owner = owner;
        it = lines.insert(it, line);
    }
    return *it;
}

bool changes_owner(const HistoryEntry& row) noexcept { return row.from_owner != row.to_owner; }

}  // namespace

bool OwnerHolding::operator==(const OwnerHolding& other) const noexcept {
    return owner == other.owner && held == other.held && idle == other.idle && claims == other.claims &&
           releases == other.releases && recycles == other.recycles && taken_away == other.taken_away &&
           churned == other.churned;
}

Timestamp holding_idle_since(const Lead& lead, const std::vector<HistoryEntry>& history) noexcept {
    std::optional<Timestamp> since;
    for (const HistoryEntry& row : history) {
        if (row.action == Action::follow_up || changes_owner(row)) since = std::max(since.value_or(row.at), row.at);
    }
    return since.value_or(lead.created_at);
}

void count_holdings(std::vector<OwnerHolding>& lines, const Lead& lead, const std::vector<HistoryEntry>& history,
                    const HoldingsWindow& window) {
    if (!lead.owner.empty()) {
        OwnerHolding& line = line_of(lines, lead.owner);
        ++line.held[static_cast<std::size_t>(lead.tier)];
        if (holding_idle_since(lead, history) < window.idle_before) ++line.idle;
    }
    std::set<UserId> claimed;  // owners who claimed the lead earlier in the period
    std::set<UserId> churned;
    for (const HistoryEntry& row : history) {
        if (row.at < window.from || row.at >= window.to) continue;
        if (row.action == Action::claim) {
            ++line_of(lines, row.to_owner).claims;
            claimed.insert(row.to_owner);
            continue;
        }
        if (row.from_owner.empty() || !changes_owner(row)) continue;
        if (row.action == Action::release) {
            ++line_of(lines, row.from_owner).releases;
            if (claimed.count(row.from_owner)) churned.insert(row.from_owner);
        } else if (row.action == Action::recycle) {
            ++line_of(lines, row.from_owner).recycles;
        } else if (row.actor != row.from_owner) {
            ++line_of(lines, row.from_owner).taken_away;
        }
    }
    for (const UserId& owner : churned) ++line_of(lines, owner).churned;
}

namespace detail {

OwnerHoldings owner_holdings(const Reading& reading, const HoldingsRequest& request) {
    reading.access.require(Action::report);
    if (request.idle_days < 1 || request.idle_days > kMaxIdleDays) {
        throw Error(ErrorCode::invalid_argument, "holdings idle_days: must be 1.." + std::to_string(kMaxIdleDays));
    }
    if (request.to <= request.from) throw Error(ErrorCode::invalid_argument, "holdings to: must be after from");
    OwnerHoldings report;
    report.now = reading.context.now();
    report.idle_days = request.idle_days;
    report.idle_before = report.now - request.idle_days * kDayMs;
    report.from = request.from;
    report.to = request.to;
    report.owners = reading.store.owner_holdings(visible_selection(reading, std::nullopt),
                                                 HoldingsWindow{report.idle_before, request.from, request.to});
    return report;
}

}  // namespace detail
}  // namespace leadpool
