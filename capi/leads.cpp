// Leads: capture, reading one, lists and iterators, updates and history.
#include <cstdint>
#include <memory>

#include "boundary.hpp"

using namespace leadpool;
using namespace leadpool::capi;

struct lp_lead_iter {
    std::weak_ptr<const leadpool::Engine> engine;  // expired once lp_engine_close freed it
    std::string actor;
    leadpool::LeadFilter filter;
    leadpool::PageRequest page;              // page.after: the keyset cursor
    std::optional<leadpool::LeadPage> next;  // a page read but not yet handed out
    bool done = false;                       // the last page has been read
};

namespace {

std::unique_ptr<lp_lead_iter> open_iter(lp_engine* engine, const char* actor, const char* filter_json,
                                        std::int32_t page_size) {
    auto iter = std::make_unique<lp_lead_iter>();
    const std::shared_ptr<const Engine> opened_on = arg(engine, "engine")->engine;
    iter->engine = opened_on;
    iter->actor = arg(actor, "actor");
    iter->filter = optional_json(filter_json, lead_filter_from_json);
    if (page_size < 1 || static_cast<std::size_t>(page_size) > kMaxPageSize) {
        throw Error(ErrorCode::invalid_argument, "page_size: must be 1.." + std::to_string(kMaxPageSize) +
                                                     ", not " + std::to_string(page_size));
    }
    iter->page.limit = static_cast<std::size_t>(page_size);
    iter->next = opened_on->leads(iter->actor, iter->filter, iter->page);  // checks actor and filter
    return iter;
}

// The next page as JSON, or nothing once done. A failed read leaves the cursor where it was.
std::optional<std::string> next_page(lp_lead_iter* iter) {
    // Held for the whole call: an lp_engine_close on another thread frees the engine only after.
    const std::shared_ptr<const Engine> engine = arg(iter, "iter")->engine.lock();
    if (!engine) {
        throw HandleError(LP_ENGINE_CLOSED,
                          "engine is closed: this iterator's engine was closed by lp_engine_close; "
                          "close the iterator with lp_lead_iter_close");
    }
    if (!iter->next && !iter->done) iter->next = engine->leads(iter->actor, iter->filter, iter->page);
    if (!iter->next) return std::nullopt;
    std::optional<std::string> text;
    if (!iter->next->leads.empty()) text = to_json(iter->next->leads);
    iter->done = !iter->next->next_after;
    iter->page.after = iter->next->next_after.value_or(iter->page.after);
    iter->next.reset();
    return text;
}

}  // namespace

lp_status lp_lead_capture(char** out, lp_engine* engine, const char* actor, const char* input_json) {
    return returning(out, [&] {
        return to_json(
            handle(engine).capture(arg(actor, "actor"), lead_input_from_json(arg(input_json, "input_json"))));
    });
}

lp_status lp_lead_capture_batch(char** out, lp_engine* engine, const char* actor, const char* inputs_json) {
    return returning(out, [&] {
        return to_json(handle(engine).capture_batch(arg(actor, "actor"),
                                                    lead_inputs_from_json(arg(inputs_json, "inputs_json"))));
    });
}

lp_status lp_lead_get(char** out, lp_engine* engine, const char* actor, int64_t lead_id) {
    return returning(out, [&] { return to_json(handle(engine).lead(arg(actor, "actor"), lead_id)); });
}

lp_status lp_lead_find(char** out, lp_engine* engine, const char* actor, const char* identity_json) {
    return returning(out, [&] {
        const auto found = handle(engine).find_lead(arg(actor, "actor"),
                                                    identity_from_json(arg(identity_json, "identity_json")));
        return found ? to_json(*found) : std::string("null");
    });
}

lp_status lp_lead_list(char** out, lp_engine* engine, const char* actor, const char* filter_json,
                       const char* page_json) {
    return returning(out, [&] {
        return to_json(handle(engine).leads(arg(actor, "actor"),
                                            optional_json(filter_json, lead_filter_from_json),
                                            optional_json(page_json, page_from_json)));
    });
}

lp_status lp_lead_iter_open(lp_lead_iter** out, lp_engine* engine, const char* actor, const char* filter_json,
                            int32_t page_size) {
    return returning(out, [&] { return open_iter(engine, actor, filter_json, page_size); });
}

lp_status lp_lead_iter_next(char** out, lp_lead_iter* iter) {
    return returning(out, [&] { return next_page(iter); });
}

void lp_lead_iter_close(lp_lead_iter* iter) { delete iter; }

lp_status lp_lead_update(char** out, lp_engine* engine, const char* actor, int64_t lead_id,
                         const char* update_json) {
    return returning(out, [&] {
        return to_json(handle(engine).update_lead(arg(actor, "actor"), lead_id,
                                                  lead_update_from_json(arg(update_json, "update_json"))));
    });
}

lp_status lp_lead_history(char** out, lp_engine* engine, const char* actor, int64_t lead_id) {
    return returning(out, [&] { return to_json(handle(engine).history(arg(actor, "actor"), lead_id)); });
}
