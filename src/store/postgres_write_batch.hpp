// What a PostgreSQL writer holds back until its next statement, and what it knows for certain
// while it holds the schema's writer lock.
//
// Every statement is a round trip to the server. Without this, each captured record would cost
// several: the identity look-up that decides new or existing, reading the lead, its INSERT or
// UPDATE, its identities and tags. Instead:
//  - the identity holders, their leads and the deliveries a batch will look up are read in a
//    few statements (prefetch), and every answer and every write of the writer is remembered.
//    No other leadpool writer of the schema can change those tables before this one commits,
//    so what is remembered stays exact;
//  - a new lead takes an id reserved from the leads' sequence in growing blocks; new and changed
//    leads, with their identities and tags, wait with the history rows, events and deliveries,
//    to go in as one statement per table before the writer's next statement of its own, or at
//    commit: a COPY for new rows, an UPDATE from a JSON array for changed leads. A lead changed
//    twice goes in once, as it ends up.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "leadpool/store.hpp"
#include "store/pg_connection.hpp"
#include "store/pg_copy_rows.hpp"

namespace leadpool {

class PostgresWriteBatch {
public:
    // Reads, in a few statements, the holders of the identities, the leads they and the
    // deliveries name, and the leads asked for, that the writer does not know yet. A value PostgreSQL cannot hold is
    // left to the look-up that names it, which refuses it.
    void prefetch(pg::Connection& connection, const BatchLookups& lookups);

    // The lead holding `identity`, read when it is not known.
    std::optional<LeadId> holder(pg::Connection& connection, const Identity& identity);
    // The lead a (channel, record id) was delivered to, read when it is not known.
    std::optional<LeadId> delivery(pg::Connection& connection, std::string_view channel, std::string_view record_id);
    // The lead as this transaction has it, read when it is not known.
    std::optional<Lead> lead(pg::Connection& connection, LeadId id);
    // Leads a statement of the writer just read: known from now on.
    void remember(const std::vector<Lead>& leads);
    // Leads a statement of the writer changed: read again when next asked for.
    void forget(const std::vector<LeadId>& leads);

    // A new lead, held back: its id is returned at once. Error(conflict) when another lead holds
    // one of its identities.
    LeadId add_lead(pg::Connection& connection, const Lead& lead);
    // The whole lead replaced, held back. Error(not_found) when there is no such lead,
    // Error(conflict) when another lead holds one of its identities.
    void update_lead(pg::Connection& connection, const Lead& lead);
    // A delivery the writer gave another record id (sent already): known under its new key.
    void moved_delivery(const std::string& channel, const std::string& from, const std::string& to, LeadId lead);
    // A delivery, held back; Error(conflict) when the record was delivered before.
    void add_delivery(pg::Connection& connection, std::string_view channel, std::string_view record_id,
                      LeadId lead);
    void add_history(pg::Connection& connection, const HistoryEntry& entry);
    void add_event(pg::Connection& connection, const LeadEvent& event);
    // A change of the feed, numbered by the caller.
    void add_change(pg::Connection& connection, const Change& change);

    bool holds_rows() const;
    // Sends everything held back, one statement per table and kind of change, leads before the
    // rows that refer to them.
    void send(pg::Connection& connection);
    // Before COMMIT: sends the rows and gives back the reserved lead ids left unused, so committed
    // ids stay as dense as the inserts were.
    void finish(pg::Connection& connection);

private:
    using IdentityKey = std::tuple<std::int64_t, std::string, std::string>;  // kind, scope, value
    using DeliveryKey = std::pair<std::string, std::string>;                 // channel, record id

    static IdentityKey key_of(const Identity& identity);
    // Reads the holders of those identities not known yet, in one statement.
    void learn_holders(pg::Connection& connection, const std::vector<Identity>& identities);
    // Reads those leads not known yet, in one go.
    void learn_leads(pg::Connection& connection, std::vector<LeadId> ids);
    // Error(conflict) when a lead other than `lead` holds one of `identities`.
    void require_free(pg::Connection& connection, const std::vector<Identity>& identities, LeadId lead);
    LeadId next_lead_id(pg::Connection& connection);
    // Sends what is held once holding more would only cost memory.
    void send_when_large(pg::Connection& connection);
    void send_leads(pg::Connection& connection);

    std::map<IdentityKey, LeadId> holders_;     // 0: no lead holds it
    std::map<DeliveryKey, LeadId> deliveries_;  // 0: never delivered
    std::map<LeadId, Lead> leads_;              // as this transaction has them, as stored
    std::set<LeadId> new_leads_;                // held back, not in the database yet
    std::map<LeadId, Lead> changed_leads_;      // held-back changes: each lead as the database has it
    std::deque<LeadId> reserved_ids_;           // taken from the sequence, not yet used
    std::int64_t lead_ids_used_ = 0;

    // Rows that only ever go in, held for one COPY per table.
    pg::CopyRows deliveries_rows_;
    pg::CopyRows history_;
    pg::CopyRows events_;
    pg::CopyRows changes_;
};

}  // namespace leadpool
