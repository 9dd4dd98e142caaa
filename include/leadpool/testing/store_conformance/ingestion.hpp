// Store conformance, part of <leadpool/testing/store_conformance.hpp>: ingestion and merges —
// deliveries, prefetch, lead events, identity joins, merge records and identity conflicts.
#pragma once

#include "leadpool/testing/store_conformance/scenario.hpp"

namespace leadpool::conformance {

inline void check_deliveries(Store& store) {
    LeadId a = 0, b = 0;
    commit(store, [&](StoreWriter& w) {
        a = w.insert_lead(simple_lead("a"));
        b = w.insert_lead(simple_lead("b"));
    });
    {
        auto w = store.write();
        w->put_delivery("web", "r-1", a);
        w->put_delivery("shop", "r-1", b);  // the same record id from another channel: another record
        w->put_delivery("web", "r-2", a);
        CHECK(render(w->delivery("web", "r-1")) == std::to_string(a));
        w->commit();
    }
    const auto check_delivered = [&] {
        auto r = store.read();
        CHECK(render(r->delivery("web", "r-1")) == std::to_string(a));
        CHECK(render(r->delivery("shop", "r-1")) == std::to_string(b));
        CHECK(render(r->delivery("web", "r-2")) == std::to_string(a));
        for (const auto& [channel, record_id] : std::vector<Delivery>{
                 {"web", "R-1"}, {"Web", "r-1"}, {"shop", "r-2"}, {"web", "r-3"}, {"", ""}}) {
            CAPTURE(channel + "/" + record_id);
            CHECK(render(r->delivery(channel, record_id)) == "none");
        }
    };
    check_delivered();

    // A record delivered before, or earlier in the same transaction, is a conflict.
    CHECK(error_in_writer(store, [&](StoreWriter& w) { w.put_delivery("web", "r-1", b); }) == "conflict");
    CHECK(error_in_writer(store, [&](StoreWriter& w) { w.put_delivery("web", "r-1", a); }) == "conflict");
    CHECK(error_in_writer(store, [&](StoreWriter& w) {
              w.put_delivery("web", "r-3", a);
              w.put_delivery("web", "r-3", b);
          }) == "conflict");
    check_delivered();
}

// A prefetch is a hint: every answer after it is the one the store gives without it, in the same
// writer, as leads are added, identities move between leads and records are delivered.
inline void check_prefetch(Store& store) {
    LeadId a = 0, b = 0;
    commit(store, [&](StoreWriter& w) {
        a = w.insert_lead(simple_lead("a"));
        b = w.insert_lead(simple_lead("b"));
        w.put_delivery("web", "r-1", a);
    });
    LeadId c = 0;
    {
        auto w = store.write();
        // Repeats, and a value no store can hold, are no error in a hint.
        w->prefetch({{phone("a"), phone("b"), phone("new"), phone("a"), phone(std::string("x\0y", 3))},
                     {{"web", "r-1"}, {"web", "r-2"}, {"web", "r-1"}}});
        CHECK(render(w->lead_by_identity(phone("a"))) == std::to_string(a));
        CHECK(render(w->lead_by_identity(phone("new"))) == "none");
        CHECK(render(w->delivery("web", "r-1")) == std::to_string(a));
        CHECK(render(w->delivery("web", "r-2")) == "none");

        c = w->insert_lead(simple_lead("new"));
        CHECK(render(w->lead_by_identity(phone("new"))) == std::to_string(c));
        CHECK(render(w->lead(c)) == render(as_stored(simple_lead("new"), c)));
        // phone("a") moves from a to b.
        Lead from = as_stored(simple_lead("a"), a);
        from.identities.clear();
        w->update_lead(from);
        CHECK(render(w->lead_by_identity(phone("a"))) == "none");
        Lead to = as_stored(simple_lead("b"), b);
        to.identities.push_back(phone("a"));
        w->update_lead(to);
        CHECK(render(w->lead_by_identity(phone("a"))) == std::to_string(b));
        w->put_delivery("web", "r-2", c);
        CHECK(render(w->delivery("web", "r-2")) == std::to_string(c));
        w->commit();
    }
    auto r = store.read();
    CHECK(render(r->lead_by_identity(phone("a"))) == std::to_string(b));
    CHECK(render(r->lead_by_identity(phone("new"))) == std::to_string(c));
    CHECK(render(r->lead(c)) == render(as_stored(simple_lead("new"), c)));
    CHECK(render(r->delivery("web", "r-2")) == std::to_string(c));
    r.reset();

    // Leads changed several times in one writer, a new one among them, end up as last written:
    // b and c swap identities by way of a lead holding none, tags come and go.
    Lead last_b, last_c, last_d;
    {
        auto w = store.write();
        w->prefetch({{phone("a"), phone("b"), phone("new")}, {}});
        Lead d = simple_lead("d");
        d.tags = {"one", "two"};
        d.id = w->insert_lead(d);
        d.tags = {"two", "three"};
        d.version = 2;
        w->update_lead(d);
        Lead bb = *w->lead(b);
        Lead cc = *w->lead(c);
        const std::vector<Identity> b_held = bb.identities;
        const std::vector<Identity> c_held = cc.identities;
        bb.identities.clear();
        bb.tags = {"was-b"};
        w->update_lead(bb);
        cc.identities = b_held;  // c takes b's identities
        w->update_lead(cc);
        bb.identities = c_held;  // b takes c's
        w->update_lead(bb);
        bb.tags.clear();
        w->update_lead(bb);
        last_b = as_stored(bb, b);
        last_c = as_stored(cc, c);
        last_d = as_stored(d, d.id);
        CHECK(render(w->lead(b)) == render(last_b));
        CHECK(render(w->lead(c)) == render(last_c));
        CHECK(render(w->lead(d.id)) == render(last_d));
        w->commit();
    }
    r = store.read();
    CHECK(render(r->lead(b)) == render(last_b));
    CHECK(render(r->lead(c)) == render(last_c));
    CHECK(render(r->lead(last_d.id)) == render(last_d));
    for (const Lead& lead : {last_b, last_c, last_d}) {
        for (const Identity& identity : lead.identities) {
            CHECK(render(r->lead_by_identity(identity)) == std::to_string(lead.id));
        }
    }
    LeadSelection tagged;
    tagged.visible_if = {VisibilityClause{}};
    tagged.tag = "one";
    CHECK(r->lead_ids(tagged, 0, kNoLimit).empty());
    tagged.tag = "three";
    CHECK(r->lead_ids(tagged, 0, kNoLimit) == std::vector<LeadId>{last_d.id});
    r.reset();

    // What a prefetch found held or delivered is still a conflict.
    CHECK(error_in_writer(store, [&](StoreWriter& w) {
              w.prefetch({{phone("new")}, {}});
              w.insert_lead(simple_lead("new"));
          }) == "conflict");
    CHECK(error_in_writer(store, [&](StoreWriter& w) {
              w.prefetch({{}, {{"web", "r-2"}}});
              w.put_delivery("web", "r-2", a);
          }) == "conflict");
}

inline void check_events(Store& store) {
    LeadId a = 0, b = 0;
    commit(store, [&](StoreWriter& w) {
        a = w.insert_lead(simple_lead("a"));
        b = w.insert_lead(simple_lead("b"));
    });
    // The seq given is ignored, as for history.
    LeadEvent first = lead_event(a, "page_view", kStart + 10, R"({ "url": "/tea", "title": "茶" })");
    first.seq = 1'000'000;
    const LeadEvent other = lead_event(b, "page_view", kStart, "{}");
    LeadEvent purchase = lead_event(a, "purchase", kStart + kDay, R"({"sku": "tea-1", "qty": 2})");
    purchase.channel = "shop";
    // Older than the events before it: events stay in the order they were appended.
    const LeadEvent late = lead_event(a, "form_submit", kStart, R"({"form": "contact"})");
    {
        auto w = store.write();
        w->append_event(first);
        w->append_event(other);
        w->append_event(purchase);
        CHECK(render(w->events(a)) == render(std::vector<LeadEvent>{first, purchase}));
        w->commit();
    }
    commit(store, [&](StoreWriter& w) { w.append_event(late); });

    auto r = store.read();
    const auto events = r->events(a);
    CHECK(render(events) == render(std::vector<LeadEvent>{first, purchase, late}));
    check_increasing(seqs(events));
    CHECK(render(r->events(b)) == render(std::vector<LeadEvent>{other}));
    CHECK(r->events(std::max(a, b) + 1).empty());
    const auto b_seqs = seqs(r->events(b));
    if (events.size() == 3 && b_seqs.size() == 1) {
        CHECK(b_seqs[0] > events[0].seq);
        CHECK(b_seqs[0] < events[1].seq);
    }
}

inline void check_identity_joins(Store& store) {
    const Identity openid{IdentityKind::wechat_openid, "o-1", "wx-app-1"};
    CHECK(store.read()->identity_joins(phone("1")) == 0);
    {
        auto w = store.write();
        w->add_identity_joins(phone("1"), 1);
        w->add_identity_joins(openid, 2);
        w->add_identity_joins(phone("2"), 0);
        w->add_identity_joins(phone("1"), 1);
        CHECK(w->identity_joins(phone("1")) == 2);
        w->commit();
    }
    commit(store, [&](StoreWriter& w) { w.add_identity_joins(phone("1"), 3); });
    auto r = store.read();
    CHECK(r->identity_joins(phone("1")) == 5);
    CHECK(r->identity_joins(openid) == 2);
    CHECK(r->identity_joins(phone("2")) == 0);
    // Another scope or kind is another value.
    CHECK(r->identity_joins({IdentityKind::wechat_openid, "o-1", "wx-app-2"}) == 0);
    CHECK(r->identity_joins({IdentityKind::external_id, "o-1", "wx-app-1"}) == 0);
    CHECK(r->identity_joins(phone("3")) == 0);
}

inline MergeRecord full_merge(LeadId survivor, LeadId absorbed) {
    MergeRecord merge = merge_record_of(survivor, absorbed, kStart + kDay);
    merge.id = 77;  // ignored
    merge.actor = "李";
    merge.reason = "same person, says the customer";
    merge.collision = true;
    merge.absorbed_owner = "bob";
    merge.absorbed_referrer = 42;  // another lead's id; the store keeps it as it is
    merge.identities = {phone("+8613800000000"),
                        {IdentityKind::wechat_openid, "o-6_Uf5", "wx-app-1"},
                        {IdentityKind::email, "li@example.com", ""}};
    return merge;
}

inline void check_merge_records(Store& store) {
    LeadId a = 0, b = 0, c = 0;
    commit(store, [&](StoreWriter& w) {
        a = w.insert_lead(simple_lead("a"));
        b = w.insert_lead(simple_lead("b"));
        c = w.insert_lead(simple_lead("c"));
    });
    MergeRecord bare;  // every field at its default
    bare.id = 1;       // ignored
    MergeId full_id = 0, bare_id = 0, later_id = 0;
    {
        auto w = store.write();
        full_id = w->insert_merge(full_merge(a, b));
        bare_id = w->insert_merge(bare);
        CHECK(render(w->merge_record(full_id)) == render(with_id(full_merge(a, b), full_id)));
        w->commit();
    }
    commit(store,
           [&](StoreWriter& w) { later_id = w.insert_merge(merge_record_of(a, c, kStart + 2 * kDay)); });
    CHECK(full_id < bare_id);
    CHECK(bare_id < later_id);

    std::vector<MergeRecord> expected = {with_id(full_merge(a, b), full_id), with_id(bare, bare_id),
                                         with_id(merge_record_of(a, c, kStart + 2 * kDay), later_id)};
    {
        auto r = store.read();
        CHECK(render(r->merge_record(full_id)) == render(expected[0]));
        CHECK(render(r->merge_record(bare_id)) == render(expected[1]));
        CHECK(render(r->merge_records()) == render(expected));
        CHECK(render(r->merge_record(later_id + 1)) == "none");
    }

    // update_merge replaces the record: here, the merge is undone.
    expected[0] = unmerged(expected[0], kStart + 3 * kDay);
    expected[0].collision = false;
    commit(store, [&](StoreWriter& w) { w.update_merge(expected[0]); });
    CHECK(render(store.read()->merge_record(full_id)) == render(expected[0]));
    CHECK(render(store.read()->merge_records()) == render(expected));

    CHECK(error_in_writer(store, [&](StoreWriter& w) { w.update_merge(with_id(bare, later_id + 1)); }) ==
          "not_found");
    CHECK(render(store.read()->merge_records()) == render(expected));
}

inline void check_identity_conflict_log(Store& store) {
    IdentityConflict full = conflict_of(ConflictRule::max_per_lead, 3, {5, 4});
    full.id = 500;  // ignored
    full.message = "lead 3 holds 5 phone numbers, 李 allows 5";
    const IdentityConflict bare;  // every field at its default
    const IdentityConflict later = conflict_of(ConflictRule::max_merge_size, 7, {8, 9, 10});
    std::int64_t full_id = 0, bare_id = 0, later_id = 0;
    {
        auto w = store.write();
        full_id = w->append_identity_conflict(full);
        bare_id = w->append_identity_conflict(bare);
        CHECK(render(w->identity_conflicts()) ==
              render(std::vector<IdentityConflict>{with_id(full, full_id), with_id(bare, bare_id)}));
        w->commit();
    }
    commit(store, [&](StoreWriter& w) { later_id = w.append_identity_conflict(later); });
    check_increasing({full_id, bare_id, later_id});
    CHECK(render(store.read()->identity_conflicts()) ==
          render(std::vector<IdentityConflict>{with_id(full, full_id), with_id(bare, bare_id),
                                               with_id(later, later_id)}));
}

}  // namespace leadpool::conformance
