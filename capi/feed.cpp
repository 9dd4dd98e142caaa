// The change feed: pages, consumers, settings, subscriptions and waiting for a change.
#include <chrono>

#include "boundary.hpp"

using namespace leadpool;
using namespace leadpool::capi;

lp_status lp_changes(char** out, lp_engine* engine, const char* actor, const char* query_json) {
    return returning(out, [&] {
        return to_json(handle(engine).changes(arg(actor, "actor"), optional_json(query_json, change_query_from_json)));
    });
}

lp_status lp_consumer_add(char** out, lp_engine* engine, const char* actor, const char* name, int64_t position) {
    return returning(out, [&] {
        return to_json(handle(engine).add_consumer(arg(actor, "actor"), arg(name, "name"), position));
    });
}

lp_status lp_consumer_ack(char** out, lp_engine* engine, const char* actor, const char* name, int64_t seq) {
    return returning(out,
                     [&] { return to_json(handle(engine).ack(arg(actor, "actor"), arg(name, "name"), seq)); });
}

lp_status lp_consumer_get(char** out, lp_engine* engine, const char* actor, const char* name) {
    return returning(out,
                     [&] { return to_json(handle(engine).consumer(arg(actor, "actor"), arg(name, "name"))); });
}

lp_status lp_consumer_list(char** out, lp_engine* engine, const char* actor) {
    return returning(out, [&] { return to_json(handle(engine).consumers(arg(actor, "actor"))); });
}

lp_status lp_feed_settings_get(char** out, lp_engine* engine) {
    return returning(out, [&] { return to_json(handle(engine).feed_settings()); });
}

lp_status lp_feed_settings_set(char** out, lp_engine* engine, const char* actor, const char* settings_json) {
    return returning(out, [&] {
        return to_json(handle(engine).set_feed_settings(
            arg(actor, "actor"), feed_settings_from_json(arg(settings_json, "settings_json"))));
    });
}

lp_status lp_subscribe(int64_t* out, lp_engine* engine, const char* actor, const char* filter_json,
                       lp_change_callback callback, void* user_data) {
    return returning(out, [&]() -> SubscriptionId {
        if (callback == nullptr) throw Error(ErrorCode::invalid_argument, "callback is NULL");
        return handle(engine).subscribe(arg(actor, "actor"), optional_json(filter_json, change_filter_from_json),
                                        [callback, user_data](const std::vector<Change>& changes) {
                                            callback(to_json(changes).c_str(), user_data);
                                        });
    });
}

lp_status lp_unsubscribe(int* out, lp_engine* engine, int64_t subscription) {
    return returning(out, [&] { return handle(engine).unsubscribe(subscription); });
}

lp_status lp_wait_for_changes(int* out, lp_engine* engine, int64_t after, int64_t timeout_ms) {
    return returning(out, [&] {
        return handle(engine).wait_for_changes(after, std::chrono::milliseconds(timeout_ms));
    });
}
