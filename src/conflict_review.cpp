#include "conflict_review.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>
#include <vector>

#include "leadpool/error.hpp"
#include "leadpool/limits.hpp"
#include "merge.hpp"
#include "text.hpp"

namespace leadpool::detail {
namespace {

// A page stops reading once it has looked at this many records the actor may not read, so one
// request costs a bounded amount; its next_after then continues where it stopped.
constexpr std::size_t kMaxScanned = 10 * kMaxPageSize;

[[noreturn]] void bad(const std::string& what) { throw Error(ErrorCode::invalid_argument, what); }

void check_page(const RecordPageRequest& page, const char* list) {
    if (page.limit < 1 || page.limit > kMaxPageSize) {
        bad(std::string(list) + " page limit must be 1.." + std::to_string(kMaxPageSize) + ", not " +
            std::to_string(page.limit));
    }
    if (page.after && *page.after < 1)
        bad(std::string(list) + " page after must be >= 1 (a page's next_after), not " + std::to_string(*page.after));
}

void check_common(const std::optional<LeadId>& lead, const std::optional<Timestamp>& from,
                  const std::optional<Timestamp>& to, const std::string& list) {
    if (lead && *lead < 1) bad(list + " filter lead must be >= 1, not " + std::to_string(*lead));
    if (from && to && *from > *to) {
        bad(list + " filter at_from " + std::to_string(*from) + " is after at_to " + std::to_string(*to));
    }
}

// Whether the actor may read, now, the leads records name (one merged away: the lead that holds
// it); each lead is asked once per page.
class Readable {
public:
    explicit Readable(const Reading& reading) : reading_(reading) {}

    bool operator()(LeadId id) {
        auto [found, fresh] = answers_.emplace(id, false);
        if (fresh) found->second = reading_.access.allows(Action::read, existing_lead(reading_.store, id));
        return found->second;
    }

private:
    const Reading& reading_;
    std::map<LeadId, bool> answers_;
};

// One page of the records `read` returns (a chunk at a time, in the page's order) that `visible`
// keeps: reads on until the page is full or the store has no more. Sets `next_after` when more may
// follow.
template <typename Row, typename Read, typename Visible>
std::vector<Row> visible_page(const RecordPageRequest& page, Read read, Visible visible,
                              std::optional<std::int64_t>& next_after) {
    RecordPageRequest chunk{page.after, page.limit + 1, page.newest_first};
    std::vector<Row> out;
    std::size_t scanned = 0;
    for (;;) {
        std::vector<Row> rows = read(chunk);
        for (Row& row : rows) {
            if (!visible(row)) {
                chunk.after = row.id;
                ++scanned;
                continue;
            }
            if (out.size() == page.limit) {
                next_after = out.back().id;
                return out;
            }
            chunk.after = row.id;
            ++scanned;
            out.push_back(std::move(row));
        }
        if (rows.size() < chunk.limit) return out;
        if (scanned >= kMaxScanned) {
            next_after = chunk.after;
            return out;
        }
    }
}

}  // namespace

MergePage merge_page(const Reading& reading, const MergeFilter& filter, const RecordPageRequest& page) {
    check_page(page, "merge");
    check_common(filter.lead, filter.at_from, filter.at_to, "merge");
    if (filter.actor) check_text(*filter.actor, "merge filter actor");
    if (filter.reason) check_text(*filter.reason, "merge filter reason");
    Readable readable(reading);
    MergePage result;
    result.merges = visible_page<MergeRecord>(
        page, [&](const RecordPageRequest& chunk) { return reading.store.selected_merges(filter, chunk); },
        [&](const MergeRecord& merge) { return readable(merge.survivor) && readable(merge.absorbed); },
        result.next_after);
    return result;
}

ConflictPage conflict_page(const Reading& reading, const ConflictFilter& filter, const RecordPageRequest& page) {
    check_page(page, "identity conflict");
    check_common(filter.lead, filter.at_from, filter.at_to, "identity conflict");
    if (filter.channel) check_text(*filter.channel, "identity conflict filter channel");
    Readable readable(reading);
    ConflictPage result;
    result.conflicts = visible_page<IdentityConflict>(
        page, [&](const RecordPageRequest& chunk) { return reading.store.selected_identity_conflicts(filter, chunk); },
        [&](const IdentityConflict& conflict) {
            return readable(conflict.lead) && std::all_of(conflict.others.begin(), conflict.others.end(), readable);
        },
        result.next_after);
    return result;
}

IdentityConflict resolve_identity_conflict(const Operation& op, std::int64_t id, ConflictResolution resolution,
                                           const std::string& reason) {
    if (resolution == ConflictResolution::dismiss && reason.empty())
        bad("resolve_identity_conflict: reason is required to dismiss a conflict");
    const auto conflict = op.store.identity_conflict(id);
    const std::string unknown = "no identity conflict " + std::to_string(id);
    if (!conflict) not_found(unknown);
    // A conflict whose lead the actor may neither read nor resolve is, to them, no conflict at all.
    const Lead lead = existing_lead(op.store, conflict->lead);
    if (!op.access.allows(Action::read, lead) && !op.access.allows(Action::resolve_conflict, lead))
        not_found(unknown);
    op.access.require(Action::resolve_conflict, lead);
    if (conflict->state != ConflictState::open) {
        throw Error(ErrorCode::conflict, "identity conflict " + std::to_string(id) + " was resolved already (" +
                                             to_string(conflict->state) + ")");
    }

    IdentityConflict resolved = *conflict;
    if (resolution == ConflictResolution::merge) {
        for (LeadId other : conflict->others) {
            // One merged with the conflict's lead since is left as it is.
            if (existing_lead(op.store, other).id == existing_lead(op.store, conflict->lead).id) continue;
            resolved.resolution_merges.push_back(merge_leads(op, conflict->lead, other, reason).id);
        }
    }
    resolved.state = resolution == ConflictResolution::merge ? ConflictState::resolved : ConflictState::dismissed;
    resolved.resolved_by = op.actor();
    resolved.resolved_at = op.now;
    resolved.resolution_reason = reason;
    op.store.rewrite_identity_conflict(resolved);

    const Lead holder = existing_lead(op.store, conflict->lead);
    Lead after = holder;
    after.updated_at = op.now;
    ++after.version;
    op.save(holder, after, Action::resolve_conflict, reason,
            nlohmann::json{{"conflict", id},
                           {"resolution", to_string(resolution)},
                           {"merges", resolved.resolution_merges}}
                .dump());
    return resolved;
}

}  // namespace leadpool::detail
