// Personal data: erasure and subject access.
#include "boundary.hpp"

using namespace leadpool;
using namespace leadpool::capi;

lp_status lp_lead_erase(char** out, lp_engine* engine, const char* actor, int64_t lead_id,
                        const char* request_json) {
    return returning(out, [&] {
        Engine& erasing = handle(engine);
        const UserId who = arg(actor, "actor");
        return to_json(erasing.erase(who, lead_id, erasure_request_from_json(arg(request_json, "request_json"))));
    });
}

lp_status lp_personal_data(char** out, lp_engine* engine, const char* actor, const char* identity_json) {
    return returning(out, [&] {
        Engine& reading = handle(engine);
        const UserId who = arg(actor, "actor");
        return to_json(reading.personal_data(who, identity_from_json(arg(identity_json, "identity_json"))));
    });
}
