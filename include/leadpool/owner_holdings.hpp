// leadpool — the hoarding report (囤积): per owner, the leads held now by tier, those held idle
// past a number of days, and what the owner claimed and let go during a period, from the leads
// and their history.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "leadpool/clock.hpp"
#include "leadpool/history.hpp"
#include "leadpool/lead.hpp"
#include "leadpool/tier_moves.hpp"

namespace leadpool {

inline constexpr int kMaxIdleDays = 3650;

struct HoldingsRequest {
    int idle_days = 7;  // a held lead is idle after this many days (1 .. kMaxIdleDays) without a follow-up
    Timestamp from = 0;  // the period of claims and releases: inclusive
    Timestamp to = 0;    // exclusive, after from
};

// What the store counts: the held leads idle since before `idle_before`, and the period.
struct HoldingsWindow {
    Timestamp idle_before = 0;
    Timestamp from = 0;
    Timestamp to = 0;
};

// One owner's line. A lead counts for the owner holding it now (held, idle) or named by a history
// row of the period (the rest).
struct OwnerHolding {
    UserId owner;
    TierCounts held{};        // leads held now, by tier
    std::int64_t idle = 0;    // of those, idle (holding_idle_since before the window's idle_before)
    std::int64_t claims = 0;  // claim rows of the period that gave the owner a lead
    std::int64_t releases = 0;    // release rows of the period that took a lead from the owner
    std::int64_t recycles = 0;    // recycle rows (the maintenance run) that took a lead from the owner
    // Other rows of the period that took a lead from the owner, made by someone else: a transfer or
    // reassignment by a manager, a return to the master pool. What owners hand on themselves is not
    // counted.
    std::int64_t taken_away = 0;
    // Churn: leads the owner claimed during the period and released again, later in the period.
    std::int64_t churned = 0;

    bool operator==(const OwnerHolding& other) const noexcept;
};

struct OwnerHoldings {
    Timestamp now = 0;          // the engine clock's now when the report was read
    int idle_days = 0;
    Timestamp idle_before = 0;  // now - idle_days days
    Timestamp from = 0;
    Timestamp to = 0;
    std::vector<OwnerHolding> owners;  // every owner with a count above zero, by user id
};

// Since when a held lead is idle: the time of its latest follow-up row or change of owner (the
// row that gave it to its owner), as recorded; its created_at without one. A follow-up before the
// owner took the lead is older than the take, so this is "the last follow-up, or if none since,
// when they took it".
Timestamp holding_idle_since(const Lead& lead, const std::vector<HistoryEntry>& history) noexcept;

// Adds one selected lead (with its history, oldest first) to the owners' lines: the reference
// semantics every store implements. `lines` stays sorted by owner.
void count_holdings(std::vector<OwnerHolding>& lines, const Lead& lead, const std::vector<HistoryEntry>& history,
                    const HoldingsWindow& window);

}  // namespace leadpool
