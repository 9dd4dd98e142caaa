// Ingestion of channel records: check, resolve identities, create, update or merge, record.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "access.hpp"
#include "operation.hpp"
#include "leadpool/error.hpp"
#include "leadpool/identity_rules.hpp"
#include "leadpool/ingest.hpp"
#include "leadpool/store.hpp"

namespace leadpool::detail {

// A channel record checked and normalised.
struct CheckedRecord {
    std::string channel;
    std::string record_id;
    Timestamp occurred_at = 0;
    std::vector<Identity> identities;  // normalised, usable, unique; none when the rules keep such records
    std::string attributes = "{}";
    std::vector<BehaviourEvent> events;  // each with its time set
    Attribution attribution;
    std::vector<std::string> tags;
    std::optional<Identity> referrer;
    std::vector<std::string> dropped;  // identities left out, each with why
};

// Throws Error naming the field when the record cannot be ingested at all. Invalid or blocked
// identities are dropped and listed when `drop_unusable` allows, else they throw too.
CheckedRecord checked_record(const ChannelRecord& record, const IdentityRules& rules, Timestamp now,
                             bool drop_unusable);

// A batch's records, each checked or with the error its check raised.
using CheckedBatch = std::vector<std::variant<CheckedRecord, Error>>;

// Checks a batch's `count` records with `check` before the first is planned, and tells the store
// what planning them will look up (StoreWriter::prefetch). A record's error is kept to be raised
// in its turn, so a batch fails at the same record, with the same error, as one checked as it goes.
CheckedBatch checked_batch(StoreWriter& store, std::size_t count,
                           const std::function<CheckedRecord(std::size_t)>& check);

// The checked record, or its error thrown.
CheckedRecord checked_or_throw(const std::variant<CheckedRecord, Error>& item);

// What ingesting one record will write, decided before the first write.
struct IngestPlan {
    CheckedRecord record;
    IngestResult result;  // outcome duplicate: nothing to write
    Lead before;          // the lead the record goes to, as it is (unset when created)
    Lead lead;            // ... and as it will be, without the identities of `absorbed`
    std::vector<Lead> absorbed;
    std::vector<Identity> fresh;   // identities the lead gains from the record
    std::vector<Identity> naming;  // the record's identities that named existing leads
    // Weaker identities that link the record to their lead against a stronger one (identity
    // rules' priority): each counts a join when the record lands on that lead without a merge.
    std::vector<std::pair<Identity, LeadId>> linking;
    // Weaker identities past their max_joins: shared, they stay with their lead, named nothing.
    std::vector<Identity> shared;
    std::vector<IdentityConflict> conflicts;
};

// Decides what the record does, reading through `store` (the caller's write transaction, so it
// sees the batch's earlier records). Throws Error when the record must be refused; then nothing
// was written.
IngestPlan plan_record(StoreWriter& store, const Access& access, const IdentityRules& rules, Timestamp now,
                       CheckedRecord record);

struct Ingested {
    IngestResult result;
    Lead lead;  // the lead that holds the record now
};

// Writes a plan. An error here is the store's (storage, busy) and fails the whole transaction.
Ingested apply_plan(StoreWriter& store, const UserId& actor, Timestamp now, IngestPlan plan);

// --- the operations ---------------------------------------------------------------------------
// Ingests one record whose identities must all be usable (capture, then capture and read on a
// lead an identity names).
CaptureResult capture(const Operation& op, const LeadInput& input);
// All or nothing: one bad input fails the whole batch and nothing is written.
std::vector<CaptureResult> capture_batch(const Operation& op, const std::vector<LeadInput>& inputs);
// Channel records in one transaction, each resolved against the ones before it; a bad record is
// rejected alone unless the options say all or nothing.
std::vector<IngestResult> ingest(const Operation& op, const std::vector<ChannelRecord>& records,
                                 const IngestOptions& options);

}  // namespace leadpool::detail
