// Store conformance, part of <leadpool/testing/store_conformance.hpp>: rollback, snapshots,
// writers taking turns, and what survives reopening a persistent store.
#pragma once

#include "leadpool/testing/store_conformance/scenario.hpp"

namespace leadpool::conformance {

inline void check_rollback(Store& store) {
    Scenario s = seed(store);
    const std::string before = observe(*store.read(), s.probe());

    SUBCASE("a writer dropped without commit leaves no trace") {
        auto w = store.write();
        change_everything(*w, s);
    }
    SUBCASE("a writer dropped after a conflict leaves no trace") {
        auto w = store.write();
        change_everything(*w, s);
        SUBCASE("identity taken on insert") {
            Lead taking = simple_lead("300");
            taking.identities.push_back(phone("101"));
            CHECK(error_of([&] { w->insert_lead(taking); }) == "conflict");
        }
        SUBCASE("identity taken on update") {
            Lead taking = as_stored(added_lead(s.north), s.added);
            taking.identities.push_back(phone("101"));
            CHECK(error_of([&] { w->update_lead(taking); }) == "conflict");
        }
        SUBCASE("pool name taken") {
            CHECK(error_of([&] { w->insert_pool(north_pool(0, kMasterPoolId)); }) == "conflict");
        }
    }
    auto r = store.read();
    CHECK(observe(*r, s.probe()) == before);
    CHECK(render(r->lead(s.added)) == "none");
    CHECK(r->history(s.added).empty());
    CHECK(render(r->pool(s.north)) == "none");
    CHECK(r->events(s.added).empty());
    CHECK(id_list(r->absorbed_into(s.added)).empty());
}

inline void check_reader_keeps_snapshot(Store& store) {
    Scenario s = seed(store);
    auto reader = store.read();
    const std::string before = observe(*reader, s.probe());

    // Another thread commits while this reader is open.
    auto committed = std::async(std::launch::async,
                                [&] { commit(store, [&](StoreWriter& w) { change_everything(w, s); }); });
    const bool done = committed.wait_for(kDeadlockGuard) == std::future_status::ready;
    CHECK_MESSAGE(done, "commit() waited for a reader opened before it");
    if (done) CHECK(observe(*reader, s.probe()) == before);
    reader.reset();
    committed.get();
    check_changed(*store.read(), s);
}

inline void check_reader_beside_writer(Store& store) {
    Scenario s = seed(store);
    const std::string before = observe(*store.read(), s.probe());
    auto w = store.write();
    change_everything(*w, s);
    {
        auto r = store.read();  // same thread, writer still open: must neither block nor see it
        CHECK(observe(*r, s.probe()) == before);
        CHECK(render(r->lead(s.added)) == "none");
    }
    w->commit();
    w.reset();
    check_changed(*store.read(), s);
}

inline void check_writer_sees_own_writes(Store& store) {
    Scenario s = seed(store);
    auto w = store.write();
    change_everything(*w, s);
    check_changed(*w, s);
    Probe probe = s.probe();
    probe.leads.push_back(s.added);
    probe.pools.push_back(s.north);
    const std::string mine = observe(*w, probe);
    w->commit();
    w.reset();
    CHECK(observe(*store.read(), probe) == mine);
}

// A second writer, opened on another thread, records what it finds when it gets in.
struct SecondWriter {
    bool saw_first_done = false;
    std::string holder_of_key;  // who holds phone("key") then
};

inline void check_writers_take_turns(Store& store) {
    std::atomic<bool> first_done{false};
    // Declared before the first writer, so that writer is gone before the second is awaited.
    std::future<SecondWriter> second;
    auto first = store.write();
    const LeadId id = first->insert_lead(simple_lead("key"));
    second = std::async(std::launch::async, [&] {
        auto writer = store.write();
        return SecondWriter{first_done.load(), render(writer->lead_by_identity(phone("key")))};
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // a chance to get in too early
    first_done = true;

    SUBCASE("until the first commits") {
        first->commit();
        first.reset();
        const SecondWriter seen = second.get();
        CHECK(seen.saw_first_done);
        CHECK(seen.holder_of_key == std::to_string(id));
    }
    SUBCASE("until the first is dropped") {
        first.reset();
        const SecondWriter seen = second.get();
        CHECK(seen.saw_first_done);
        CHECK(seen.holder_of_key == "none");
    }
}

template <typename Factory>
void check_persistence(Factory& factory, std::unique_ptr<Store>& store) {
    Scenario s = seed(*store);
    commit(*store, [&](StoreWriter& w) { change_everything(w, s); });
    Probe probe = s.probe();
    probe.leads.push_back(s.added);
    probe.pools.push_back(s.north);
    const std::string committed = observe(*store->read(), probe);
    const std::int64_t last_history_seq = last_seq(store->read()->history(s.existing));
    const std::int64_t last_event_seq = last_seq(store->read()->org_events());
    const std::int64_t last_lead_event_seq = last_seq(store->read()->events(s.existing));
    {
        auto uncommitted = store->write();
        uncommitted->set_setting("new", "2");
        uncommitted->put_user(kAnn);
        uncommitted->insert_lead(simple_lead("300"));
        uncommitted->append_org_event(org_event(OrgEventKind::user_updated, kStart + 2, "{}"));
        uncommitted->put_delivery("web", "r-200", s.added);
        uncommitted->append_event(lead_event(s.existing, "page_view", kStart + 3, "{}"));
        uncommitted->add_identity_joins(phone("150"), 1);
        uncommitted->insert_merge(merge_record_of(s.existing, s.added, kStart + 3));
        uncommitted->append_identity_conflict(conflict_of(ConflictRule::max_per_lead, s.added, {}));
    }
    store.reset();
    store = factory.open();

    CHECK(observe(*store->read(), probe) == committed);
    CHECK(render(store->read()->lead_by_identity(phone("300"))) == "none");
    // The counters carry on past everything the reopened store holds.
    LeadId lead = 0;
    PoolId pool = 0;
    MergeId merge = 0;
    std::int64_t conflict = 0;
    commit(*store, [&](StoreWriter& w) {
        lead = w.insert_lead(simple_lead("301"));
        pool = w.insert_pool(Pool{0, "south", std::nullopt, {}, {}});
        w.append_history(capture_entry(lead));
        w.append_org_event(org_event(OrgEventKind::pool_created, kStart + 3, "{}"));
        w.append_event(lead_event(s.existing, "page_view", kStart + 4, "{}"));
        merge = w.insert_merge(merge_record_of(lead, s.added, kStart + 4));
        conflict = w.append_identity_conflict(conflict_of(ConflictRule::max_per_lead, lead, {}));
    });
    auto r = store->read();
    CHECK(lead > s.added);
    CHECK(pool != s.north);
    CHECK(pool != s.east);
    CHECK(last_seq(r->history(lead)) > last_history_seq);
    CHECK(last_seq(r->org_events()) > last_event_seq);
    CHECK(last_seq(r->events(s.existing)) > last_lead_event_seq);
    CHECK(merge > s.second_merge);
    CHECK(conflict > s.second_conflict);
}

}  // namespace leadpool::conformance
