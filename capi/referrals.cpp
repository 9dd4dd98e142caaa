// Referral campaigns: a lead's referral tree and touches, and what a campaign brought.
#include "boundary.hpp"

using namespace leadpool;
using namespace leadpool::capi;

lp_status lp_lead_referrals(char** out, lp_engine* engine, const char* actor, int64_t lead_id, int depth) {
    return returning(out,
                     [&] { return to_json(handle(engine).referrals(arg(actor, "actor"), lead_id, depth)); });
}

lp_status lp_lead_touches(char** out, lp_engine* engine, const char* actor, int64_t lead_id) {
    return returning(out, [&] { return to_json(handle(engine).touches(arg(actor, "actor"), lead_id)); });
}

lp_status lp_campaign_metrics(char** out, lp_engine* engine, const char* actor, const char* filter_json) {
    return returning(out, [&] {
        return to_json(handle(engine).campaign_metrics(arg(actor, "actor"),
                                                       campaign_filter_from_json(arg(filter_json, "filter_json"))));
    });
}
