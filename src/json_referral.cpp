// The JSON shapes of referral campaigns (docs/json.md): referral trees, touches, campaign metrics.
#include "json_support.hpp"
#include "leadpool/json.hpp"

namespace leadpool {
namespace {

using namespace json_support;

ordered_json tier_or_null(const std::optional<Tier>& tier) {
    return tier ? ordered_json(to_string(*tier)) : ordered_json(nullptr);
}

ordered_json node_json(const ReferralNode& node) {
    ordered_json referrals = ordered_json::array();
    for (const ReferralNode& child : node.referrals) referrals.push_back(node_json(child));
    ordered_json out = {{"lead", nullable(node.lead)}, {"tier", tier_or_null(node.tier)},
                        {"converted", node.converted}};
    if (node.owner) out["owner"] = *node.owner;
    out["depth"] = node.depth;
    out["size"] = node.size;
    out["converted_leads"] = node.converted_leads;
    out["levels"] = node.levels;
    out["more"] = node.more;
    out["referrals"] = std::move(referrals);
    return out;
}

ordered_json link_json(const ReferralLink& link) {
    ordered_json out = {{"lead", nullable(link.lead)}, {"tier", tier_or_null(link.tier)}};
    if (link.owner) out["owner"] = *link.owner;
    return out;
}

ordered_json counts_json(const CampaignCounts& counts) {
    return {{"invited", counts.invited},   {"captured", counts.captured}, {"qualified", counts.qualified},
            {"won", counts.won},           {"referred", counts.referred},
            {"viral_coefficient", counts.viral_coefficient}};
}

}  // namespace

std::string to_json(const ReferralTree& tree) {
    ordered_json chain = ordered_json::array();
    for (const ReferralLink& link : tree.chain) chain.push_back(link_json(link));
    return text_of({{"root", node_json(tree.root)}, {"chain", std::move(chain)}});
}

std::string to_json(const std::vector<Touch>& touches) {
    return array_text(touches, [](const Touch& touch) {
        return ordered_json{{"attribution", attribution_value(touch.attribution)},
                            {"channel", touch.channel},
                            {"at", touch.at},
                            {"lead", touch.lead}};
    });
}

std::string to_json(const CampaignMetrics& metrics) {
    ordered_json generations = ordered_json::array();
    for (const CampaignGeneration& g : metrics.generations) {
        ordered_json row = {{"generation", g.generation}};
        row.update(counts_json(g.counts));
        generations.push_back(std::move(row));
    }
    ordered_json referrers = ordered_json::array();
    for (const ReferrerCounts& r : metrics.referrers) {
        ordered_json row = {{"referrer", r.referrer}, {"generation", r.generation}};
        row.update(counts_json(r.counts));
        referrers.push_back(std::move(row));
    }
    return text_of({{"campaign", metrics.campaign},
                    {"touch", to_string(metrics.touch)},
                    {"totals", counts_json(metrics.totals)},
                    {"generations", std::move(generations)},
                    {"referrers", std::move(referrers)}});
}

CampaignFilter campaign_filter_from_json(std::string_view text) {
    return read_document(text, "campaign filter", [](const json& value, const Place& place) {
        const Object o(value, place, {"campaign", "touch"});
        CampaignFilter filter;
        filter.campaign = o.string("campaign");
        if (const json* touch = o.find("touch", true))
            filter.touch = as_name<TouchModel>(*touch, o.at("touch"), "touch", parse_touch_model);
        return filter;
    });
}

}  // namespace leadpool
