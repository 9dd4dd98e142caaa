// Store conformance, part of <leadpool/testing/store_conformance.hpp>: the change feed — changes
// are numbered 1, 2, 3, ... in commit order without gaps, round-trip, page by seq, are pruned
// oldest first without their numbers coming back; consumers round-trip.
#pragma once

#include "leadpool/testing/store_conformance/scenario.hpp"

namespace leadpool::conformance {

inline Change sample_change(const std::string& kind, Timestamp at) {
    Change change;
    change.at = at;
    change.actor = "ann";
    change.subject = ChangeSubject::lead;
    change.kind = kind;
    change.lead = 7;
    change.object = "obj-" + kind;
    change.before = {Tier::master, kMasterPoolId, ""};
    change.after = {Tier::sub, 3, "ann"};
    change.version = 4;
    change.reason = "why " + kind;
    change.detail = R"({"k": ")" + kind + R"(", "n": 1})";
    return change;
}

inline std::string render(const Change& c) {
    return std::to_string(c.seq) + " " + std::to_string(c.at) + " " + c.actor + " " + to_string(c.subject) + " " +
           c.kind + " " + std::to_string(c.lead) + " " + c.object + " " + to_string(c.before.tier) + "/" +
           std::to_string(c.before.pool) + "/" + c.before.owner + " " + to_string(c.after.tier) + "/" +
           std::to_string(c.after.pool) + "/" + c.after.owner + " v" + std::to_string(c.version) + " " + c.reason +
           " " + c.detail;
}

inline std::string render(const std::vector<Change>& changes) {
    std::string out;
    for (const Change& c : changes) out += render(c) + "\n";
    return out;
}

inline std::string seqs(const std::vector<Change>& changes) {
    std::string out;
    for (const Change& c : changes) out += (out.empty() ? "" : ",") + std::to_string(c.seq);
    return out;
}

inline void check_change_feed(Store& store) {
    CHECK(store.read()->last_change_seq() == 0);
    CHECK(store.read()->changes(0, kNoLimit).empty());
    std::vector<Change> expected;
    {
        auto w = store.write();
        for (const char* kind : {"capture", "claim", "stage_changed"}) {
            Change change = sample_change(kind, kStart + static_cast<Timestamp>(expected.size()));
            change.seq = 99;  // ignored: the store numbers it
            const std::int64_t seq = w->append_change(change);
            CHECK(seq == static_cast<std::int64_t>(expected.size()) + 1);
            change.seq = seq;
            expected.push_back(change);
        }
        CHECK(w->last_change_seq() == 3);
        CHECK(render(w->changes(0, kNoLimit)) == render(expected));  // the writer sees its own
        CHECK(store.read()->changes(0, kNoLimit).empty());          // a reader does not, yet
        w->commit();
    }
    auto r = store.read();
    CHECK(r->last_change_seq() == 3);
    CHECK(render(r->changes(0, kNoLimit)) == render(expected));
    CHECK(seqs(r->changes(1, 1)) == "2");
    CHECK(seqs(r->changes(3, kNoLimit)).empty());
    CHECK(r->changes(0, 0).empty());
    r.reset();

    // A rolled-back transaction leaves no gap: its numbers are handed out again.
    {
        auto w = store.write();
        CHECK(w->append_change(sample_change("update", kStart + 10)) == 4);
    }
    commit(store, [&](StoreWriter& w) { CHECK(w.append_change(sample_change("update", kStart + 10)) == 4); });

    // Pruning takes the oldest, up to the first at or after the time, and keeps the numbering.
    commit(store, [&](StoreWriter& w) { CHECK(w.prune_changes(kStart + 2) == 2); });
    CHECK(seqs(store.read()->changes(0, kNoLimit)) == "3,4");
    CHECK(seqs(store.read()->changes(1, kNoLimit)) == "3,4");  // from inside the pruned part
    CHECK(seqs(store.read()->changes(3, 1)) == "4");
    commit(store, [&](StoreWriter& w) { CHECK(w.prune_changes(kStart + 100) == 2); });
    CHECK(store.read()->changes(0, kNoLimit).empty());
    CHECK(store.read()->last_change_seq() == 4);
    commit(store, [&](StoreWriter& w) { CHECK(w.append_change(sample_change("release", kStart + 11)) == 5); });
    CHECK(seqs(store.read()->changes(0, kNoLimit)) == "5");
}

inline void check_feed_consumers(Store& store) {
    const FeedConsumer crm{"crm", "ann", 0, kStart, kStart};
    const FeedConsumer warehouse{"warehouse", "boss", 12, kStart + 1, kStart + 2};
    commit(store, [&](StoreWriter& w) {
        w.put_feed_consumer(warehouse);
        w.put_feed_consumer(crm);
    });
    auto rendered = [](const std::optional<FeedConsumer>& c) {
        return c ? c->name + " " + c->owner + " " + std::to_string(c->position) + " " +
                       std::to_string(c->created_at) + " " + std::to_string(c->acked_at)
                 : std::string("none");
    };
    CHECK(rendered(store.read()->feed_consumer("warehouse")) == rendered(warehouse));
    CHECK(rendered(store.read()->feed_consumer("nobody")) == "none");
    FeedConsumer moved = crm;
    moved.position = 9;
    moved.acked_at = kStart + 5;
    commit(store, [&](StoreWriter& w) { w.put_feed_consumer(moved); });
    const auto all = store.read()->feed_consumers();
    REQUIRE(all.size() == 2);
    CHECK(rendered(all[0]) == rendered(moved));  // by name
    CHECK(rendered(all[1]) == rendered(warehouse));
    CHECK(rendered(store.read()->feed_consumer("CRM")) == "none");
}

}  // namespace leadpool::conformance
