// Store conformance, part of <leadpool/testing/store_conformance.hpp>: what an erasure asks of a
// store (leadpool/personal_data.hpp) — the rewrites of history rows, events, identity conflicts
// and changes (those fields only, the rest as stored; a reader keeps its snapshot), deliveries
// listed by lead and given new record ids, identity joins forgotten, the suppression list, a
// lead's changes, the leads a lead referred, and a scrub.
#pragma once

#include "leadpool/testing/store_conformance/feed.hpp"

namespace leadpool::conformance {

// A row as an erasure rewrites it: every field changed, of which only some may be written.
inline HistoryEntry scrambled(HistoryEntry entry) {
    entry.action = Action::restore;
    entry.actor = "mallory";
    entry.at = kStart + 99;
    entry.to_owner = "mallory";
    entry.reason = "[erased] reason";
    entry.detail = R"({"attributes": {"name": "[erased]"}})";
    return entry;
}

inline void check_rewrites(Store& store) {
    LeadId a = 0, b = 0;
    std::int64_t conflict_id = 0;
    commit(store, [&](StoreWriter& w) {
        a = w.insert_lead(simple_lead("a"));
        b = w.insert_lead(simple_lead("b"));
    });
    commit(store, [&](StoreWriter& w) {
        w.append_history(capture_entry(a));
        w.append_history(capture_entry(b));
        w.append_event(lead_event(a, "page_view", kStart, R"({"url": "/tea?phone=150"})"));
        w.append_event(lead_event(b, "page_view", kStart, R"({"url": "/b"})"));
        conflict_id = w.append_identity_conflict(conflict_of(ConflictRule::max_joins, a, {b}));
        w.append_change(sample_change("capture", kStart));
        w.append_change(sample_change("claim", kStart + 1));
    });
    auto before = store.read();
    const std::string history_before = render(before->history(a));

    const HistoryEntry stored_row = before->history(a).at(0);
    const LeadEvent stored_event = before->events(a).at(0);
    const IdentityConflict stored_conflict = before->identity_conflicts().at(0);
    const Change stored_change = before->changes(0, kNoLimit).at(0);
    HistoryEntry row = scrambled(stored_row);
    LeadEvent event = stored_event;
    event.type = "[erased] type";
    event.at = kStart + 7;
    event.channel = "[erased] channel";
    event.payload = R"({"url": "[erased]"})";
    IdentityConflict conflict = stored_conflict;
    conflict.identities = {{IdentityKind::phone, "[erased]", ""}};
    conflict.record_id = "[erased]";
    conflict.message = "[erased] bridged 3 merges already";
    Change change = stored_change;
    change.kind = "mallory";
    change.actor = "mallory";
    change.version = 99;
    change.reason = "[erased] why";
    change.detail = R"({"k": "[erased]"})";
    {
        auto w = store.write();
        w->rewrite_history(row);
        w->rewrite_event(event);
        w->rewrite_identity_conflict(conflict);
        w->rewrite_change(change);
        CHECK(w->history(a).at(0).detail == row.detail);  // the writer sees its own rewrites
        CHECK(w->events(a).at(0).payload == event.payload);
        w->commit();
    }
    // Only the reason and detail of a history row or change change; an event keeps its lead, a
    // conflict is replaced whole.
    HistoryEntry expected_row = stored_row;
    expected_row.reason = row.reason;
    expected_row.detail = row.detail;
    Change expected_change = stored_change;
    expected_change.reason = change.reason;
    expected_change.detail = change.detail;
    auto r = store.read();
    CHECK(render(r->history(a)) == render(std::vector<HistoryEntry>{expected_row}));
    CHECK(r->history(a).at(0).seq == stored_row.seq);
    CHECK(render(r->events(a)) == render(std::vector<LeadEvent>{event}));
    CHECK(render(r->identity_conflicts()) == render(std::vector<IdentityConflict>{conflict}));
    CHECK(render(r->changes(0, kNoLimit).at(0)) == render(expected_change));
    // Other rows are untouched.
    CHECK(render(r->history(b)) == render(std::vector<HistoryEntry>{capture_entry(b)}));
    CHECK(r->events(b).at(0).payload == R"({"url": "/b"})");
    Change claim = sample_change("claim", kStart + 1);
    claim.seq = 2;
    CHECK(render(r->changes(0, kNoLimit).at(1)) == render(claim));
    // A reader opened before keeps its snapshot.
    CHECK(render(before->history(a)) == history_before);
    CHECK(before->events(a).at(0).payload == stored_event.payload);
    CHECK(render(before->identity_conflicts()) == render(std::vector<IdentityConflict>{stored_conflict}));
    CHECK(render(before->changes(0, 1)) == render(std::vector<Change>{stored_change}));
    before.reset();
    r.reset();

    // A row that is not there is not_found, and the transaction changes nothing on its way.
    const std::string state = render(store.read()->history(a)) + render(store.read()->events(a));
    HistoryEntry missing_row = expected_row;
    missing_row.seq += 1000;
    CHECK(error_in_writer(store, [&](StoreWriter& w) { w.rewrite_history(missing_row); }) == "not_found");
    HistoryEntry other_lead = expected_row;
    other_lead.lead = b;  // the seq names a row of lead a
    CHECK(error_in_writer(store, [&](StoreWriter& w) { w.rewrite_history(other_lead); }) == "not_found");
    LeadEvent missing_event = event;
    missing_event.seq += 1000;
    CHECK(error_in_writer(store, [&](StoreWriter& w) { w.rewrite_event(missing_event); }) == "not_found");
    IdentityConflict missing_conflict = conflict;
    missing_conflict.id = conflict_id + 1000;
    CHECK(error_in_writer(store, [&](StoreWriter& w) { w.rewrite_identity_conflict(missing_conflict); }) ==
          "not_found");
    Change missing_change = change;
    missing_change.seq = 1000;
    CHECK(error_in_writer(store, [&](StoreWriter& w) { w.rewrite_change(missing_change); }) == "not_found");
    CHECK(render(store.read()->history(a)) + render(store.read()->events(a)) == state);

    // A pruned change is no longer there to rewrite.
    commit(store, [&](StoreWriter& w) { CHECK(w.prune_changes(kStart + 1) == 1); });
    CHECK(error_in_writer(store, [&](StoreWriter& w) { w.rewrite_change(change); }) == "not_found");

    // What a writer rewrote and then dropped is gone.
    {
        auto w = store.write();
        HistoryEntry again = expected_row;
        again.detail = R"({"rolled": "back"})";
        w->rewrite_history(again);
    }
    CHECK(render(store.read()->history(a)) == render(std::vector<HistoryEntry>{expected_row}));
}

inline void check_deliveries_of_lead(Store& store) {
    LeadId a = 0, b = 0;
    commit(store, [&](StoreWriter& w) {
        a = w.insert_lead(simple_lead("a"));
        b = w.insert_lead(simple_lead("b"));
        w.put_delivery("web", "r-2", a);
        w.put_delivery("shop", "r-9", a);
        w.put_delivery("web", "r-1", a);
        w.put_delivery("web", "r-3", b);
    });
    const auto listed = [](const std::vector<DeliveredRecord>& delivered) {
        std::string out;
        for (const DeliveredRecord& d : delivered) out += d.channel + "/" + d.record_id + "->" + std::to_string(d.lead) + " ";
        return out;
    };
    const std::string of_a = "shop/r-9->" + std::to_string(a) + " web/r-1->" + std::to_string(a) + " web/r-2->" +
                             std::to_string(a) + " ";
    CHECK(listed(store.read()->deliveries(a)) == of_a);
    CHECK(listed(store.read()->deliveries(b)) == "web/r-3->" + std::to_string(b) + " ");
    CHECK(store.read()->deliveries(b + 1).empty());

    // A new record id: the old one is free again, the new one names the same lead.
    {
        auto w = store.write();
        w->rename_delivery("web", "r-2", "[erased]#1");
        CHECK(render(w->delivery("web", "r-2")) == "none");
        CHECK(render(w->delivery("web", "[erased]#1")) == std::to_string(a));
        w->commit();
    }
    auto r = store.read();
    CHECK(render(r->delivery("web", "r-2")) == "none");
    CHECK(render(r->delivery("web", "[erased]#1")) == std::to_string(a));
    CHECK(listed(r->deliveries(a)) == "shop/r-9->" + std::to_string(a) + " web/[erased]#1->" + std::to_string(a) +
                                          " web/r-1->" + std::to_string(a) + " ");
    r.reset();
    commit(store, [&](StoreWriter& w) { w.put_delivery("web", "r-2", b); });  // free to be delivered again

    // Unknown records are not_found; a new id delivered before is a conflict; neither changes anything.
    const std::string state = listed(store.read()->deliveries(a)) + listed(store.read()->deliveries(b));
    CHECK(error_in_writer(store, [&](StoreWriter& w) { w.rename_delivery("web", "r-404", "x"); }) == "not_found");
    CHECK(error_in_writer(store, [&](StoreWriter& w) { w.rename_delivery("shop", "r-1", "x"); }) == "not_found");
    CHECK(error_in_writer(store, [&](StoreWriter& w) { w.rename_delivery("web", "r-1", "r-3"); }) == "conflict");
    CHECK(error_in_writer(store, [&](StoreWriter& w) { w.rename_delivery("web", "r-1", "r-1"); }) == "conflict");
    CHECK(listed(store.read()->deliveries(a)) + listed(store.read()->deliveries(b)) == state);
}

inline void check_identity_joins_removed(Store& store) {
    const Identity openid{IdentityKind::wechat_openid, "o-1", "wx-app-1"};
    commit(store, [&](StoreWriter& w) {
        w.add_identity_joins(phone("1"), 2);
        w.add_identity_joins(openid, 1);
    });
    {
        auto w = store.write();
        w->remove_identity_joins(phone("1"));
        w->remove_identity_joins(phone("never seen"));  // nothing to forget: no error
        CHECK(w->identity_joins(phone("1")) == 0);
        w->commit();
    }
    auto r = store.read();
    CHECK(r->identity_joins(phone("1")) == 0);
    CHECK(r->identity_joins(openid) == 1);
    r.reset();
    // Counted again from 0.
    commit(store, [&](StoreWriter& w) { w.add_identity_joins(phone("1"), 1); });
    CHECK(store.read()->identity_joins(phone("1")) == 1);
}

inline void check_suppressions(Store& store) {
    const std::string hash(64, 'a');
    CHECK_FALSE(store.read()->suppressed(hash));
    {
        auto w = store.write();
        w->add_suppression(hash);
        w->add_suppression(hash);  // once, however often
        CHECK(w->suppressed(hash));
        CHECK_FALSE(w->suppressed(std::string(64, 'b')));
    }  // dropped: rolled back
    CHECK_FALSE(store.read()->suppressed(hash));
    auto before = store.read();
    commit(store, [&](StoreWriter& w) {
        w.add_suppression(hash);
        w.add_suppression(hash);
    });
    CHECK(store.read()->suppressed(hash));
    CHECK_FALSE(store.read()->suppressed(std::string(64, 'A')));  // compared exactly
    CHECK_FALSE(before->suppressed(hash));                          // a reader keeps its snapshot
}

inline void check_lead_changes(Store& store) {
    std::vector<Change> expected;
    commit(store, [&](StoreWriter& w) {
        for (int i = 0; i < 5; ++i) {
            Change change = sample_change(i % 2 ? "claim" : "capture", kStart + i);
            change.lead = i == 4 ? 0 : 7 + i % 2;  // leads 7 and 8, and an organisation change
            change.seq = w.append_change(change);
            if (change.lead == 7) expected.push_back(change);
        }
    });
    CHECK(render(store.read()->lead_changes(7)) == render(expected));
    CHECK(seqs(store.read()->lead_changes(8)) == "2,4");
    CHECK(store.read()->lead_changes(9).empty());
    commit(store, [&](StoreWriter& w) { w.prune_changes(kStart + 1); });
    CHECK(seqs(store.read()->lead_changes(7)) == "3");
}

// leads() and funnel() with referred_by agree with selection_matches: a lead referred by one of
// the leads named, never an absorbed one.
inline void check_referred_by(Store& store) {
    std::vector<Lead> all;
    commit(store, [&](StoreWriter& w) {
        for (int i = 0; i < 6; ++i) {
            Lead lead = simple_lead("r" + std::to_string(i));
            lead.referred_by = i == 0 ? 0 : (i < 3 ? 1 : 2);
            lead.id = w.insert_lead(lead);
            all.push_back(as_stored(lead, lead.id));
        }
    });
    absorb_into(store, all[5], all[0].id);
    auto r = store.read();
    for (const std::vector<LeadId>& referrers : std::vector<std::vector<LeadId>>{{1}, {2}, {1, 2}, {3}, {}, {0}}) {
        CAPTURE(id_list(referrers));
        LeadSelection selection = everything();
        selection.referred_by = referrers;
        check_selection(*r, all, selection);
    }
    LeadSelection in_master = everything();
    in_master.referred_by = std::vector<LeadId>{2};
    in_master.pools = std::vector<PoolId>{kMasterPoolId};
    check_selection(*r, all, in_master);
}

// With no reader open, a scrub leaves nothing held back (a store may leave it to the host).
inline void check_scrub(Store& store) {
    LeadId a = 0;
    commit(store, [&](StoreWriter& w) {
        a = w.insert_lead(simple_lead("a"));
        w.append_history(capture_entry(a));
    });
    {
        auto w = store.write();
        w->secure_delete();
        HistoryEntry row = w->history(a).at(0);
        row.detail = R"({"identities": "[erased]"})";
        w->rewrite_history(row);
        Lead lead = *w->lead(a);
        lead.identities.clear();
        w->update_lead(lead);
        w->commit();
    }
    CHECK(store.scrub() != ScrubOutcome::held_back);
    auto r = store.read();
    CHECK(canonical_json(r->history(a).at(0).detail) == R"({"identities":"[erased]"})");
    CHECK(render(r->lead_by_identity(phone("a"))) == "none");
}

}  // namespace leadpool::conformance
