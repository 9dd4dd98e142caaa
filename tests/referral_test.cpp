// Referral campaigns: referral trees and chains through merges and scopes, the guards that keep
// referrals free of cycles, merges and unmerges keeping both sides' referrers, campaign touches
// and campaign metrics by generation and referrer — on every store.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "engine_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;

namespace {

template <typename Factory>
struct Campaign : Company<Factory> {
    using Company<Factory>::Company;

    // Ingests, as the boss and a minute after the last one, the record of `phone` naming
    // `referrer` (a phone) in `campaign`.
    IngestResult invite(const std::string& phone, const std::string& referrer = {},
                        const std::string& campaign = "spring") {
        ChannelRecord r;
        r.channel = "wechat_mini_program";
        r.identities = {leadpool::testing::phone(phone)};
        r.attribution = {"wechat", "share", campaign};
        if (!referrer.empty()) r.referrer = leadpool::testing::phone(referrer);
        this->clock->advance(60000);
        auto results = this->engine->ingest("boss", {r});
        REQUIRE(results.size() == 1);
        return results.front();
    }

    LeadId lead_of(const std::string& phone, const std::string& referrer = {},
                   const std::string& campaign = "spring") {
        return invite(phone, referrer, campaign).lead;
    }

    void win(LeadId id) {
        this->engine->transition("boss", move(id, Action::distribute, this->east, "ann"));
        this->engine->transition("boss", move(id, Action::qualify));
        this->engine->transition("boss", move(id, Action::win));
    }
};

std::vector<LeadId> ids_of(const ReferralNode& node) {
    std::vector<LeadId> out;
    for (const ReferralNode& child : node.referrals) out.push_back(child.lead.value_or(0));
    return out;
}

}  // namespace

TEST_SUITE_BEGIN("referrals");

LEADPOOL_STORE_TEST_CASE("a referral tree counts whom a lead brought, level by level") {
    Campaign<Factory> c;
    // seed -> a, b; a -> a1 -> a11; b won.
    const LeadId seed = c.lead_of("13800000001");
    const LeadId a = c.lead_of("13800000002", "13800000001");
    const LeadId b = c.lead_of("13800000003", "13800000001");
    const LeadId a1 = c.lead_of("13800000004", "13800000002");
    const LeadId a11 = c.lead_of("13800000005", "13800000004");
    c.win(b);

    const ReferralTree tree = c.engine->referrals("boss", seed, 3);
    CHECK(tree.root.lead == seed);
    CHECK(tree.root.tier == Tier::master);
    CHECK(tree.root.depth == 0);
    CHECK(tree.root.size == 5);
    CHECK(tree.root.converted_leads == 1);
    CHECK(tree.root.levels == 3);
    CHECK(tree.chain.empty());
    CHECK(ids_of(tree.root) == std::vector<LeadId>{a, b});
    const ReferralNode& first = tree.root.referrals[0];
    CHECK(first.size == 3);
    CHECK(first.depth == 1);
    CHECK(first.levels == 2);
    CHECK(!first.converted);
    CHECK(tree.root.referrals[1].converted);
    CHECK(tree.root.referrals[1].converted_leads == 1);
    CHECK(ids_of(first) == std::vector<LeadId>{a1});
    CHECK(ids_of(first.referrals[0]) == std::vector<LeadId>{a11});

    // Two levels: a1 is listed, a11 below it is not (more says it is there).
    const ReferralTree shallow = c.engine->referrals("boss", seed, 2);
    CHECK(shallow.root.size == 4);
    const ReferralNode& cut = shallow.root.referrals[0].referrals[0];
    CHECK(cut.lead == a1);
    CHECK(cut.referrals.empty());
    CHECK(cut.more);

    // The chain above a11: a1, a, seed.
    const ReferralTree below = c.engine->referrals("boss", a11, 1);
    REQUIRE(below.chain.size() == 3);
    CHECK(below.chain[0].lead == a1);
    CHECK(below.chain[1].lead == a);
    CHECK(below.chain[2].lead == seed);
    CHECK(below.root.size == 1);
}

LEADPOOL_STORE_TEST_CASE("a referral tree refuses a depth out of range and a lead the actor may not read") {
    Campaign<Factory> c;
    const LeadId seed = c.lead_of("13800000001");
    for (int depth : {0, -1, kMaxReferralDepth + 1}) {
        CAPTURE(depth);
        const std::string message =
            refusal(*c.engine, ErrorCode::invalid_argument, [&] { c.engine->referrals("boss", seed, depth); });
        CHECK(message.find("depth") == 0);
    }
    CHECK(c.engine->referrals("boss", seed, kMaxReferralDepth).root.lead == seed);
    // ann reads no master lead: the seed is, to her, no lead at all.
    CHECK(refusal(*c.engine, ErrorCode::not_found, [&] { c.engine->referrals("ann", seed, 1); }) ==
          "no lead " + std::to_string(seed));
}

LEADPOOL_STORE_TEST_CASE("leads the actor may not read are counted, shown as their disclosure allows") {
    Campaign<Factory> c;
    Engine& e = *c.engine;
    const LeadId seed = c.lead_of("13800000001");
    const LeadId hidden = c.lead_of("13800000002", "13800000001");  // stays in master: ann cannot read it
    const LeadId shown = c.lead_of("13800000003", "13800000001");
    const LeadId below_hidden = c.lead_of("13800000004", "13800000002");
    for (LeadId id : {seed, shown, below_hidden}) e.transition("boss", move(id, Action::distribute, c.east, "ann"));
    e.transition("boss", move(below_hidden, Action::qualify));
    e.transition("boss", move(below_hidden, Action::win));

    auto set_disclosure = [&](DuplicateDisclosure disclosure) {
        Policy policy = Policy::default_for(OrgStage::factory_led);
        policy.duplicates["salesperson"] = disclosure;
        e.set_policy("boss", OrgStage::factory_led, policy);
    };

    SUBCASE("exists: counted, without id or tier") {
        set_disclosure(DuplicateDisclosure::exists);
        const ReferralTree tree = e.referrals("ann", seed, 3);
        CHECK(tree.root.size == 4);
        CHECK(tree.root.converted_leads == 1);
        REQUIRE(tree.root.referrals.size() == 2);
        CHECK(tree.root.referrals[0].lead == shown);  // readable leads first
        const ReferralNode& anonymous = tree.root.referrals[1];
        CHECK(!anonymous.lead);
        CHECK(!anonymous.tier);
        CHECK(!anonymous.owner);
        CHECK(anonymous.size == 2);
        CHECK(anonymous.converted_leads == 1);
        CHECK(ids_of(anonymous) == std::vector<LeadId>{below_hidden});
        // The chain above below_hidden: the hidden lead, then the seed.
        const ReferralTree up = e.referrals("ann", below_hidden, 1);
        REQUIRE(up.chain.size() == 2);
        CHECK(!up.chain[0].lead);
        CHECK(up.chain[1].lead == seed);
    }
    SUBCASE("owner: with its owner") {
        set_disclosure(DuplicateDisclosure::owner);
        const ReferralTree tree = e.referrals("ann", seed, 3);
        REQUIRE(tree.root.referrals.size() == 2);
        CHECK(tree.root.referrals[1].owner == UserId{});  // nobody holds it
        CHECK(e.referrals("ann", below_hidden, 1).chain.at(0).owner == UserId{});
    }
    SUBCASE("none: neither shown nor counted, nor anything below it") {
        set_disclosure(DuplicateDisclosure::none);
        const ReferralTree tree = e.referrals("ann", seed, 3);
        CHECK(tree.root.size == 2);
        CHECK(tree.root.converted_leads == 0);
        CHECK(ids_of(tree.root) == std::vector<LeadId>{shown});
        CHECK(e.referrals("ann", below_hidden, 1).chain.empty());
    }
    // The boss reads everything.
    CHECK(ids_of(e.referrals("boss", seed, 1).root) == std::vector<LeadId>{hidden, shown});
}

LEADPOOL_STORE_TEST_CASE("a referral never makes a cycle, nor names the record's own lead") {
    Campaign<Factory> c;
    const LeadId seed = c.lead_of("13800000001");
    const LeadId a = c.lead_of("13800000002", "13800000001");
    const LeadId a1 = c.lead_of("13800000003", "13800000002");

    // The seed, seen again, names a1 (whom its referral brought) as referrer: left out.
    const IngestResult cycle = c.invite("13800000001", "13800000003");
    CHECK(cycle.lead == seed);
    CHECK(cycle.outcome == IngestOutcome::updated);
    CHECK(cycle.dropped ==
          std::vector<std::string>{"referrer: phone '+8613800000003' names a lead the record's lead brought (a cycle)"});
    CHECK(c.lead(seed).referred_by == 0);
    CHECK(c.engine->referrals("boss", a1, 1).chain.size() == 2);

    // A lead naming itself: left out.
    const IngestResult self = c.invite("13800000001", "13800000001");
    CHECK(self.dropped == std::vector<std::string>{"referrer: phone '+8613800000001' names the record's own lead"});
    CHECK(c.lead(seed).referred_by == 0);

    // A lead with a referrer keeps it: a later record naming another one changes nothing.
    const LeadId other = c.lead_of("13800000009");
    CHECK(c.invite("13800000002", "13800000009").dropped.empty());
    CHECK(c.lead(a).referred_by == seed);
    CHECK(c.engine->referrals("boss", other, 1).root.size == 1);

    // The history keeps every record's referrer, the one left out too.
    const auto history = c.engine->history("boss", seed);
    CHECK(nlohmann::json::parse(history.at(1).detail)["referrer"]["value"] == "+8613800000003");
}

LEADPOOL_STORE_TEST_CASE("a merge keeps both sides' referrals and an unmerge gives them back") {
    Campaign<Factory> c;
    Engine& e = *c.engine;
    const LeadId r1 = c.lead_of("13800000001");
    const LeadId r2 = c.lead_of("13800000002");
    const LeadId older = c.lead_of("13800000003");            // no referrer of its own
    const LeadId younger = c.lead_of("13800000004", "13800000001");  // referred by r1
    const LeadId friend_of_younger = c.lead_of("13800000005", "13800000004");
    const LeadId friend_of_older = c.lead_of("13800000006", "13800000003");

    const MergeRecord merge = e.merge_leads("boss", older, younger, "one person");
    CHECK(merge.survivor == older);
    CHECK(merge.absorbed_referrer == r1);
    // The survivor had no referrer: it takes the absorbed lead's; the absorbed keeps its own.
    CHECK(c.lead(older).referred_by == r1);
    CHECK(ids_of(e.referrals("boss", r1, 1).root) == std::vector<LeadId>{older});
    // Whom the absorbed lead brought count under the survivor.
    CHECK(ids_of(e.referrals("boss", older, 1).root) == std::vector<LeadId>{friend_of_younger, friend_of_older});
    CHECK(ids_of(e.referrals("boss", younger, 1).root) == std::vector<LeadId>{friend_of_younger, friend_of_older});

    const Lead restored = e.unmerge("boss", merge.id, "two people after all");
    CHECK(restored.referred_by == r1);
    CHECK(c.lead(older).referred_by == 0);
    CHECK(ids_of(e.referrals("boss", older, 1).root) == std::vector<LeadId>{friend_of_older});
    CHECK(ids_of(e.referrals("boss", younger, 1).root) == std::vector<LeadId>{friend_of_younger});
    CHECK(ids_of(e.referrals("boss", r1, 1).root) == std::vector<LeadId>{younger});

    SUBCASE("both had a referrer: the survivor keeps its own, the absorbed lead keeps the other") {
        const LeadId third = c.lead_of("13800000007", "13800000002");  // referred by r2
        const MergeRecord both = e.merge_leads("boss", younger, third);
        CHECK(both.survivor == younger);
        CHECK(both.absorbed_referrer == r2);  // the edge the survivor did not take
        CHECK(e.merges("boss", MergeFilter{third, false, true}).at(0).absorbed_referrer == r2);
        CHECK(c.lead(younger).referred_by == r1);
        CHECK(e.lead("boss", third).referred_by == r1);  // reads resolve to the survivor
        CHECK(ids_of(e.referrals("boss", r2, 1).root).empty());
        e.unmerge("boss", both.id);
        CHECK(c.lead(younger).referred_by == r1);
        CHECK(c.lead(third).referred_by == r2);
    }
    SUBCASE("a merge that would close a loop takes no referrer") {
        // r1 -> younger -> friend_of_younger: r1 survives and does not take younger as referrer.
        e.merge_leads("boss", r1, friend_of_younger);
        CHECK(c.lead(r1).referred_by == 0);
        const ReferralTree tree = e.referrals("boss", r1, 5);
        CHECK(tree.root.size == 2);
        CHECK(ids_of(tree.root) == std::vector<LeadId>{younger});
    }
    SUBCASE("two leads of one line merged into one show each lead once") {
        // r1 -> younger -> friend_of_younger, who survives (won) with its own referrer, younger.
        c.win(friend_of_younger);
        const MergeRecord loop = e.merge_leads("boss", r1, friend_of_younger);
        CHECK(loop.survivor == friend_of_younger);
        const ReferralTree tree = e.referrals("boss", friend_of_younger, 5);
        CHECK(tree.root.size == 2);
        CHECK(ids_of(tree.root) == std::vector<LeadId>{younger});
        CHECK(tree.root.referrals[0].referrals.empty());
        REQUIRE(tree.chain.size() == 1);
        CHECK(tree.chain[0].lead == younger);
        e.unmerge("boss", loop.id);
        CHECK(c.lead(friend_of_younger).referred_by == younger);
        CHECK(c.lead(r1).referred_by == 0);
        CHECK(e.referrals("boss", r1, 2).root.size == 3);
    }
}

LEADPOOL_STORE_TEST_CASE("an unmerge gives back a referrer taken through a later merge") {
    Campaign<Factory> c;
    Engine& e = *c.engine;
    const LeadId r1 = c.lead_of("13800000001");
    const LeadId r2 = c.lead_of("13800000002");
    const LeadId holder = c.lead_of("13800000003");
    const LeadId first = c.lead_of("13800000004", "13800000001");
    const LeadId second = c.lead_of("13800000005", "13800000002");
    const MergeRecord m1 = e.merge_leads("boss", holder, first);
    const MergeRecord m2 = e.merge_leads("boss", holder, second);
    CHECK(c.lead(holder).referred_by == r1);  // from the first merge; the second offered r2
    e.unmerge("boss", m1.id);
    CHECK(c.lead(holder).referred_by == r2);  // as if the first merge never happened
    e.unmerge("boss", m2.id);
    CHECK(c.lead(holder).referred_by == 0);
    CHECK(c.lead(first).referred_by == r1);
    CHECK(c.lead(second).referred_by == r2);
}

LEADPOOL_STORE_TEST_CASE("a lead's touches are every record that carried an attribution, oldest first") {
    Campaign<Factory> c;
    Engine& e = *c.engine;
    const LeadId lead = c.lead_of("13800000001", {}, "spring");
    c.invite("13800000001", {}, "summer");
    ChannelRecord plain;  // no attribution: no touch
    plain.channel = "shop";
    plain.identities = {phone("13800000001")};
    e.ingest("boss", {plain});
    const LeadId other = c.lead_of("13800000002", {}, "autumn");
    LeadInput captured = phone_lead("13800000009", "fair");
    captured.attribution = {"fair", "offline", "winter"};
    const LeadId by_capture = e.capture("boss", captured).lead.id;

    std::vector<Touch> touches = e.touches("boss", lead);
    REQUIRE(touches.size() == 2);
    CHECK(touches[0].attribution == Attribution{"wechat", "share", "spring"});
    CHECK(touches[0].channel == "wechat_mini_program");
    CHECK(touches[0].lead == lead);
    CHECK(touches[1].attribution.campaign == "summer");
    CHECK(touches[0].at < touches[1].at);
    CHECK(c.lead(lead).attribution.campaign == "spring");  // the first touch
    CHECK(e.touches("boss", by_capture).at(0).attribution.campaign == "winter");

    // A merged lead's touches are its group's.
    e.merge_leads("boss", lead, other);
    touches = e.touches("boss", other);
    REQUIRE(touches.size() == 3);
    CHECK(touches[2].attribution.campaign == "autumn");
    CHECK(touches[2].lead == other);
    CHECK(refusal(e, ErrorCode::not_found, [&] { e.touches("ann", lead); }) == "no lead " + std::to_string(lead));
}

LEADPOOL_STORE_TEST_CASE("campaign metrics count generations and referrers") {
    Campaign<Factory> c;
    Engine& e = *c.engine;
    // Generation 0: seed (and a lone lead); 1: a, b; 2: a1. Another campaign's lead x, brought by
    // a, is not counted; a record naming the seed updates a (who has a referrer): invited only.
    const LeadId seed = c.lead_of("13800000001");
    c.lead_of("13800000009");  // a lone lead: generation 0
    const LeadId a = c.lead_of("13800000002", "13800000001");
    const LeadId b = c.lead_of("13800000003", "13800000001");
    c.lead_of("13800000004", "13800000002");
    c.lead_of("13800000005", "13800000002", "autumn");
    c.invite("13800000002", "13800000001");
    c.win(b);
    e.transition("boss", move(a, Action::distribute, c.east, "ann"));
    e.transition("boss", move(a, Action::qualify));

    const CampaignMetrics m = e.campaign_metrics("boss", CampaignFilter{"spring", TouchModel::first});
    CHECK(m.campaign == "spring");
    CHECK(m.totals.captured == 5);
    CHECK(m.totals.qualified == 2);
    CHECK(m.totals.won == 1);
    CHECK(m.totals.referred == 3);
    CHECK(m.totals.invited == 5);  // 3 naming the seed, 2 naming a (one of them brought autumn's lead)
    CHECK(m.totals.viral_coefficient == doctest::Approx(3.0 / 5.0));
    REQUIRE(m.generations.size() == 3);
    CHECK(m.generations[0].counts.captured == 2);
    CHECK(m.generations[0].counts.referred == 2);
    CHECK(m.generations[0].counts.viral_coefficient == doctest::Approx(1.0));
    CHECK(m.generations[1].counts.captured == 2);
    CHECK(m.generations[1].counts.invited == 3);
    CHECK(m.generations[1].counts.qualified == 2);
    CHECK(m.generations[1].counts.won == 1);
    CHECK(m.generations[1].counts.referred == 1);
    CHECK(m.generations[2].counts.captured == 1);
    CHECK(m.generations[2].counts.invited == 2);
    CHECK(m.generations[2].counts.referred == 0);
    REQUIRE(m.referrers.size() == 2);
    CHECK(m.referrers[0].referrer == seed);
    CHECK(m.referrers[0].generation == 0);
    CHECK(m.referrers[0].counts.invited == 3);
    CHECK(m.referrers[0].counts.captured == 2);
    CHECK(m.referrers[0].counts.won == 1);
    CHECK(m.referrers[0].counts.referred == 1);
    CHECK(m.referrers[0].counts.viral_coefficient == doctest::Approx(0.5));
    CHECK(m.referrers[1].referrer == a);
    CHECK(m.referrers[1].counts.invited == 2);
    CHECK(m.referrers[1].counts.captured == 1);

    // By last touch: a's last record was spring again; a1 moves to summer and leaves the campaign.
    c.invite("13800000004", {}, "summer");
    const CampaignMetrics last = e.campaign_metrics("boss", CampaignFilter{"spring", TouchModel::last});
    CHECK(last.touch == TouchModel::last);
    CHECK(last.totals.captured == 4);
    CHECK(last.generations.size() == 3);  // a's invites stay counted, nobody of them is in it
    CHECK(last.generations[2].counts.captured == 0);
    CHECK(e.campaign_metrics("boss", CampaignFilter{"summer", TouchModel::last}).totals.captured == 1);
    CHECK(e.campaign_metrics("boss", CampaignFilter{"summer", TouchModel::first}).totals.captured == 0);

    // Scoped: ann reads a and b only (east); the seed is not hers, so they are generation 0.
    const CampaignMetrics ann = e.campaign_metrics("ann", CampaignFilter{"spring", TouchModel::first});
    CHECK(ann.totals.captured == 2);
    CHECK(ann.totals.referred == 0);
    REQUIRE(ann.generations.size() == 1);
    CHECK(ann.generations[0].counts.captured == 2);

    CHECK(refusal(e, ErrorCode::invalid_argument, [&] { e.campaign_metrics("boss", CampaignFilter{}); }) ==
          "campaign: required");
}

LEADPOOL_STORE_TEST_CASE("a lead's last touch follows its latest record, through merges and unmerges") {
    Campaign<Factory> c;
    Engine& e = *c.engine;
    const LeadId lead = c.lead_of("13800000001", {}, "spring");
    CHECK(c.lead(lead).last_attribution == Attribution{"wechat", "share", "spring"});
    c.invite("13800000001", {}, "summer");
    CHECK(c.lead(lead).attribution.campaign == "spring");
    CHECK(c.lead(lead).last_attribution.campaign == "summer");

    // A late record (occurred before the latest) is no last touch.
    ChannelRecord late;
    late.channel = "shop";
    late.identities = {phone("13800000001")};
    late.attribution = {"shop", "offline", "winter"};
    late.occurred_at = kStart + 1;
    e.ingest("boss", {late});
    CHECK(c.lead(lead).last_attribution.campaign == "summer");
    CHECK(e.touches("boss", lead).front().attribution.campaign == "winter");
    CHECK(c.lead(lead).attribution.campaign == "winter");  // the first touch is the earliest record

    const LeadId other = c.lead_of("13800000002", {}, "autumn");
    const MergeRecord merge = e.merge_leads("boss", lead, other);
    CHECK(c.lead(lead).last_attribution.campaign == "autumn");
    e.unmerge("boss", merge.id);
    CHECK(c.lead(lead).last_attribution.campaign == "summer");
    CHECK(c.lead(other).last_attribution.campaign == "autumn");
}

LEADPOOL_STORE_TEST_CASE("the funnel reads a campaign by first or last touch") {
    Campaign<Factory> c;
    Engine& e = *c.engine;
    c.lead_of("13800000001", {}, "spring");
    const LeadId moved = c.lead_of("13800000002", {}, "spring");
    c.invite("13800000002", {}, "summer");
    c.lead_of("13800000003", {}, "summer");
    c.win(moved);

    FunnelFilter spring;
    spring.campaign = "spring";
    const FunnelReport first = e.funnel("boss", spring);
    CHECK(first.leads == 2);
    CHECK(first[Tier::order].reached == 1);
    spring.touch = TouchModel::last;
    CHECK(e.funnel("boss", spring).leads == 1);
    FunnelFilter summer;
    summer.campaign = "summer";
    summer.touch = TouchModel::last;
    const FunnelReport last = e.funnel("boss", summer);
    CHECK(last.leads == 2);
    CHECK(last[Tier::order].reached == 1);
    summer.pool = c.east;
    CHECK(e.funnel("boss", summer).leads == 1);
    CHECK(funnel_filter_from_json(R"({"campaign": "summer", "touch": "last"})").touch == TouchModel::last);
    CHECK_THROWS_WITH_AS(funnel_filter_from_json(R"({"touch": "middle"})"), doctest::Contains("unknown touch 'middle'"),
                         Error);
}
