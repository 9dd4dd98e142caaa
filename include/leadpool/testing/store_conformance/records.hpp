// Store conformance, part of <leadpool/testing/store_conformance.hpp>: each kind of record
// round-trips — settings, users, pools, leads and their identities, history, org events.
#pragma once

#include "leadpool/testing/store_conformance/scenario.hpp"

namespace leadpool::conformance {

inline void check_fresh_store(Store& store) {
    auto r = store.read();
    CHECK(render(r->pools()) == render(std::vector<Pool>{kMasterPool}));
    CHECK(render(r->pool(kMasterPoolId)) == render(kMasterPool));
    CHECK(render(r->pool(kMasterPoolId + 1)) == "none");
    CHECK(r->users().empty());
    CHECK(render(r->user("ann")) == "none");
    CHECK(r->setting("stage").value_or("none") == "none");
    CHECK(r->leads(everything(), 0, kNoLimit).empty());
    CHECK(render_funnel(r->funnel(everything())).empty());
    CHECK(render(r->lead(1)) == "none");
    CHECK(render(r->lead_by_identity(phone("1"))) == "none");
    CHECK(r->history(1).empty());
    CHECK(r->org_events().empty());
    CHECK(id_list(r->absorbed_into(1)).empty());
    CHECK(render(r->delivery("web", "r-1")) == "none");
    CHECK(r->events(1).empty());
    CHECK(r->identity_joins(phone("1")) == 0);
    CHECK(render(r->merge_record(1)) == "none");
    CHECK(r->merge_records().empty());
    CHECK(r->identity_conflicts().empty());
}

inline void check_settings(Store& store) {
    const std::string policy = R"({"roles": {"director": [{"actions": ["*"], "scope": "all"}]}})";
    commit(store, [&](StoreWriter& w) {
        w.set_setting("stage", "factory_led");
        w.set_setting("policy.factory_led", policy);
        w.set_setting("empty", "");
    });
    auto before = store.read();
    CHECK(before->setting("stage").value_or("none") == "factory_led");
    CHECK(before->setting("policy.factory_led").value_or("none") == policy);
    CHECK(before->setting("empty").value_or("none").empty());
    CHECK(before->setting("Stage").value_or("none") == "none");
    before.reset();

    commit(store, [](StoreWriter& w) { w.set_setting("stage", "sales_led"); });
    auto after = store.read();
    CHECK(after->setting("stage").value_or("none") == "sales_led");
    CHECK(after->setting("policy.factory_led").value_or("none") == policy);
}

inline void check_users(Store& store) {
    const User bob{"bob", "Bob", "", {}, false};
    const User upper{"Zed", "Zed 李", "management", {"director"}, true};
    const User ann2{"ann2", "Ann Two", "sales", {"salesperson", "market"}, true};
    commit(store, [&](StoreWriter& w) {
        for (const User& user : {bob, ann2, upper, kAnn}) w.put_user(user);
    });
    {
        auto r = store.read();
        CHECK(render(r->user("ann2")) == render(ann2));
        CHECK(render(r->user("zed")) == "none");
        // By id, bytewise: upper case first, a prefix before its extensions.
        CHECK(render(r->users()) == render(std::vector<User>{upper, kAnn, ann2, bob}));
    }
    commit(store, [&](StoreWriter& w) { w.put_user(kAnnPromoted); });
    auto r = store.read();
    CHECK(render(r->user("ann")) == render(kAnnPromoted));
    CHECK(render(r->users()) == render(std::vector<User>{upper, kAnnPromoted, ann2, bob}));
}

inline void check_pools(Store& store) {
    PoolId east = 0, west = 0, city = 0;
    commit(store, [&](StoreWriter& w) {
        // The ids given are taken (master's, east's): the store must ignore them.
        east = w.insert_pool(Pool{kMasterPoolId, "east", std::nullopt, {"bob", "ann", "bob"}, {"cy"}});
        west = w.insert_pool(Pool{east, "west", std::nullopt, {}, {"dan", "cy"}});
        city = w.insert_pool(Pool{east, "east-city", east, {"ann"}, {}});
    });
    CHECK(east != kMasterPoolId);
    CHECK(west != east);
    CHECK(city != east);
    CHECK(city != west);
    CHECK(city != kMasterPoolId);

    std::vector<Pool> expected = {kMasterPool,
                                  {east, "east", std::nullopt, {"ann", "bob"}, {"cy"}},
                                  {west, "west", std::nullopt, {}, {"cy", "dan"}},
                                  {city, "east-city", east, {"ann"}, {}}};
    {
        auto r = store.read();
        CHECK(r->pools().front().id == kMasterPoolId);
        CHECK(render(r->pools()) == render(by_id(expected)));
        CHECK(render(r->pool(city)) == render(expected[3]));
    }

    SUBCASE("update_pool replaces the pool") {
        expected[2] = {west, "west-coast", city, {"eve", "dan"}, {}};
        expected[3] = {city, "east-city", std::nullopt, {}, {"bob"}};
        commit(store, [&](StoreWriter& w) {
            w.update_pool(expected[2]);
            w.update_pool(expected[3]);
        });
        expected[2].managers = {"dan", "eve"};
        auto r = store.read();
        CHECK(render(r->pools()) == render(by_id(expected)));
        CHECK(render(r->pool(west)) == render(expected[2]));
    }

    SUBCASE("a pool name is unique: Error(conflict)") {
        const auto named = [](PoolId id, const std::string& name) {
            return Pool{id, name, std::nullopt, {}, {}};
        };
        const auto inserting = [&](const std::string& name) {
            return error_in_writer(store, [&](StoreWriter& w) { w.insert_pool(named(0, name)); });
        };
        const auto renaming = [&](PoolId id, const std::string& name) {
            return error_in_writer(store, [&](StoreWriter& w) { w.update_pool(named(id, name)); });
        };
        CHECK(inserting("east") == "conflict");
        CHECK(inserting("master") == "conflict");
        CHECK(renaming(west, "east") == "conflict");
        CHECK(renaming(city, "master") == "conflict");
        CHECK(error_in_writer(store, [&](StoreWriter& w) {
                  w.insert_pool(named(0, "north"));
                  w.insert_pool(named(0, "north"));
              }) == "conflict");
        // Keeping its own name, or taking one freed in the same transaction, is no conflict.
        CHECK(renaming(west, "west") == "none");
        CHECK(error_in_writer(store, [&](StoreWriter& w) {
                  w.update_pool(named(west, "west-coast"));
                  w.insert_pool(named(0, "west"));
              }) == "none");
        // None of those writers committed.
        CHECK(render(store.read()->pools()) == render(by_id(expected)));
    }
}

inline Lead full_lead(PoolId pool) {
    Lead lead;
    lead.id = 1;  // ignored
    lead.identities = {{IdentityKind::wechat_openid, "o-6_Uf5", "wx-app-1"},
                       phone("+8613800000000"),
                       {IdentityKind::external_id, "CRM-7", "crm"},
                       {IdentityKind::email, "li@example.com", ""}};
    lead.attributes =
        R"({ "name": "李雷", "age": 30, "interests": ["tea", "bikes"], "address": {"city": "Hangzhou"} })";
    lead.channel = "wechat_mini_program";
    lead.channels = {"wechat_mini_program", "web", "shop"};
    lead.attribution = {"wechat", "social", "spring-2026"};
    lead.last_attribution = {"baidu", "cpc", "summer-2026"};
    lead.tags = {"vip", "b2b", "hot", "b2b"};
    lead.tier = Tier::opportunity;
    lead.pool = pool;
    lead.owner = "ann";
    lead.reached = tier_bit(Tier::master) | tier_bit(Tier::sub) | tier_bit(Tier::opportunity);
    lead.created_at = kStart + 1;
    lead.updated_at = kStart + kDay;
    lead.last_activity_at = kStart + 2 * kDay + 3;
    lead.last_seen_at = kStart + 2 * kDay + 1;
    lead.version = 7;
    lead.referred_by = 42;  // another lead's id; the store keeps it as it is
    return lead;
}

inline void check_lead_round_trip(Store& store) {
    PoolId pool = 0;
    commit(store, [&](StoreWriter& w) { pool = w.insert_pool(Pool{0, "east", std::nullopt, {}, {}}); });
    Lead bare;  // every field at its default, but one identity
    bare.identities = {phone("2")};
    bare.created_at = -kDay - 1;

    LeadId full_id = 0, bare_id = 0;
    {
        auto w = store.write();
        full_id = w->insert_lead(full_lead(pool));
        bare_id = w->insert_lead(bare);
        CHECK(render(w->lead(full_id)) == render(as_stored(full_lead(pool), full_id)));
        w->commit();
    }
    const std::vector<Lead> expected = {as_stored(full_lead(pool), full_id), as_stored(bare, bare_id)};
    auto r = store.read();
    CHECK(render(r->lead(full_id)) == render(expected[0]));
    CHECK(render(r->lead(bare_id)) == render(expected[1]));
    check_same_leads(r->leads(everything(), 0, kNoLimit), expected);
    for (const auto& identity : full_lead(pool).identities) {
        CAPTURE(render(identity));
        CHECK(render(r->lead_by_identity(identity)) == std::to_string(full_id));
    }
}

inline void check_lead_ids(Store& store) {
    std::vector<LeadId> ids;
    const auto insert = [&](StoreWriter& w, const std::string& key, LeadId given) {
        Lead lead = simple_lead(key);
        lead.id = given;
        ids.push_back(w.insert_lead(lead));
    };
    commit(store, [&](StoreWriter& w) {
        insert(w, "1", 0);
        insert(w, "2", 1000);
    });
    commit(store, [&](StoreWriter& w) {
        insert(w, "3", ids[0]);  // an id in use: ignored
        insert(w, "4", -5);
    });
    {
        auto dropped = store.write();
        dropped->insert_lead(simple_lead("dropped"));
    }
    commit(store, [&](StoreWriter& w) { insert(w, "5", ids[1]); });

    check_increasing(ids);
    // No insert overwrote another lead.
    auto r = store.read();
    for (std::size_t i = 0; i < ids.size(); ++i) {
        CHECK(render(r->lead(ids[i])) == render(as_stored(simple_lead(std::to_string(i + 1)), ids[i])));
    }
    CHECK(render(r->lead_by_identity(phone("dropped"))) == "none");
}

inline void check_identity_lookup(Store& store) {
    const Identity openid{IdentityKind::wechat_openid, "o-1", "wx-app-1"};
    const Identity email{IdentityKind::email, "li@example.com", ""};
    // The same values under another scope or kind, or differing in case: different identities.
    const Identity other_app{IdentityKind::wechat_openid, "o-1", "wx-app-2"};
    const Identity other_kind{IdentityKind::external_id, "o-1", "wx-app-1"};
    const Identity phone_kind{IdentityKind::phone, "li@example.com", ""};
    const Identity upper_case{IdentityKind::email, "LI@example.com", ""};

    Lead a = simple_lead("a");
    a.identities = {openid, email};
    Lead b = simple_lead("b");
    b.identities = {other_app, other_kind, phone_kind, upper_case};
    LeadId a_id = 0, b_id = 0;
    commit(store, [&](StoreWriter& w) {
        a_id = w.insert_lead(a);
        b_id = w.insert_lead(b);
    });
    auto r = store.read();
    for (const auto& identity : a.identities) {
        CHECK(render(r->lead_by_identity(identity)) == std::to_string(a_id));
    }
    for (const auto& identity : b.identities) {
        CHECK(render(r->lead_by_identity(identity)) == std::to_string(b_id));
    }
    for (const Identity& unknown : {Identity{IdentityKind::wechat_openid, "o-1", ""},
                                    Identity{IdentityKind::wechat_openid, "o-1", "wx-app-3"},
                                    Identity{IdentityKind::wechat_unionid, "o-1", ""},
                                    Identity{IdentityKind::email, "li@example.com ", ""}}) {
        CAPTURE(render(unknown));
        CHECK(render(r->lead_by_identity(unknown)) == "none");
    }
}

inline void check_update_lead(Store& store) {
    Lead lead = simple_lead("1");
    lead.identities.push_back({IdentityKind::email, "a@example.com", ""});
    lead.tags = {"hot", "vip"};
    LeadId id = 0;
    PoolId east = 0;
    commit(store, [&](StoreWriter& w) {
        east = w.insert_pool(Pool{0, "east", std::nullopt, {}, {}});
        id = w.insert_lead(lead);
    });

    Lead changed = lead;
    changed.id = id;
    changed.identities = {{IdentityKind::email, "a@example.com", ""}, phone("2")};
    changed.attributes = R"({"key": "1", "note": "called back"})";
    changed.tags = {"cold"};
    changed.channels = {"web", "shop"};
    changed.tier = Tier::sub;
    changed.pool = east;
    changed.owner = "ann";
    changed.reached |= tier_bit(Tier::sub);
    changed.updated_at = changed.last_activity_at = kStart + kDay;
    changed.version = 2;
    commit(store, [&](StoreWriter& w) { w.update_lead(changed); });
    {
        auto r = store.read();
        CHECK(render(r->lead(id)) == render(as_stored(changed, id)));
        CHECK(render(r->lead_by_identity(phone("1"))) == "none");
        CHECK(render(r->lead_by_identity(phone("2"))) == std::to_string(id));
        CHECK(render(r->lead_by_identity(changed.identities[0])) == std::to_string(id));
        LeadSelection tagged = everything();
        tagged.tag = "hot";
        CHECK(ids(r->leads(tagged, 0, kNoLimit)).empty());
        tagged.tag = "cold";
        CHECK(ids(r->leads(tagged, 0, kNoLimit)) == std::to_string(id));
    }
    // The released identity is free for another lead.
    LeadId other = 0;
    commit(store, [&](StoreWriter& w) { other = w.insert_lead(simple_lead("1")); });
    CHECK(render(store.read()->lead_by_identity(phone("1"))) == std::to_string(other));
}

inline void check_identity_conflicts(Store& store) {
    LeadId a = 0, b = 0;
    commit(store, [&](StoreWriter& w) {
        a = w.insert_lead(simple_lead("1"));
        b = w.insert_lead(simple_lead("2"));
    });
    const Probe probe{{}, {}, {}, {a, b}, {phone("1"), phone("2"), phone("3")}};
    const std::string before = observe(*store.read(), probe);

    Lead taking = simple_lead("3");
    taking.identities.push_back(phone("1"));
    CHECK(error_in_writer(store, [&](StoreWriter& w) { w.insert_lead(taking); }) == "conflict");
    taking.id = b;
    CHECK(error_in_writer(store, [&](StoreWriter& w) { w.update_lead(taking); }) == "conflict");
    // An identity claimed earlier in the same transaction is taken too.
    CHECK(error_in_writer(store, [&](StoreWriter& w) {
              w.insert_lead(simple_lead("3"));
              w.insert_lead(simple_lead("3"));
          }) == "conflict");
    CHECK(observe(*store.read(), probe) == before);
}

inline HistoryEntry full_entry(LeadId lead, PoolId pool) {
    HistoryEntry entry;
    entry.lead = lead;
    entry.action = Action::lose;
    entry.actor = "ann";
    entry.at = kStart + kDay;
    entry.from_tier = Tier::opportunity;
    entry.from_pool = pool;
    entry.from_owner = "ann";
    entry.to_tier = Tier::lost;
    entry.to_pool = pool;
    entry.to_owner = "bob";
    entry.reason = "price too high";
    entry.detail = R"({ "note": "李", "offer": [1, 2.5] })";
    return entry;
}

inline void check_history(Store& store) {
    LeadId a = 0, b = 0;
    PoolId east = 0;
    commit(store, [&](StoreWriter& w) {
        east = w.insert_pool(Pool{0, "east", std::nullopt, {}, {}});
        a = w.insert_lead(simple_lead("a"));
        b = w.insert_lead(simple_lead("b"));
    });
    // The seq given is ignored; the first one is large so that keeping it would show.
    HistoryEntry first = capture_entry(a);
    first.seq = 1'000'000;
    HistoryEntry other = capture_entry(b);
    other.seq = 5;
    commit(store, [&](StoreWriter& w) {
        w.append_history(first);
        w.append_history(other);
        w.append_history(distribute_entry(a, east));
    });
    commit(store, [&](StoreWriter& w) { w.append_history(full_entry(a, east)); });

    auto r = store.read();
    const auto history = r->history(a);
    CHECK(render(history) ==
          render(std::vector<HistoryEntry>{first, distribute_entry(a, east), full_entry(a, east)}));
    check_increasing(seqs(history));
    CHECK(render(r->history(b)) == render(std::vector<HistoryEntry>{other}));
    const LeadId no_history = std::max(a, b) + 1;
    CHECK(r->history(no_history).empty());

    // Increasing in commit order, over all leads.
    const auto a_seqs = seqs(history);
    const auto b_seqs = seqs(r->history(b));
    if (a_seqs.size() == 3 && b_seqs.size() == 1) {
        CHECK(b_seqs[0] != a_seqs[0]);
        CHECK(b_seqs[0] != a_seqs[1]);
        CHECK(b_seqs[0] < a_seqs[2]);
    }
}

inline void check_org_events(Store& store) {
    OrgEvent first = org_event(OrgEventKind::initialized, kStart, R"({"stage": "factory_led"})");
    first.seq = 1'000'000;
    const OrgEvent pool_created =
        org_event(OrgEventKind::pool_created, kStart + 1, R"({ "name": "east", "id": 2 })");
    const OrgEvent user_added = org_event(OrgEventKind::user_added, kStart + kDay, R"({"id": "李"})");
    commit(store, [&](StoreWriter& w) {
        w.append_org_event(first);
        w.append_org_event(pool_created);
    });
    commit(store, [&](StoreWriter& w) { w.append_org_event(user_added); });
    const auto events = store.read()->org_events();
    CHECK(render(events) == render(std::vector<OrgEvent>{first, pool_created, user_added}));
    check_increasing(seqs(events));
}

}  // namespace leadpool::conformance
