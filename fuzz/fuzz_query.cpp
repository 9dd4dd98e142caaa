// Fuzzes the reads that take filters: a list (filter or page), an iterator, the funnel, the
// merge list, the pipeline (filter or page), the merge page and the conflict page (filter or
// page).
#include "fuzz_entry.hpp"

using namespace leadpool::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const Input input = split(data, size, 10);
    lp_engine* engine = company();
    const char* text = input.text.c_str();
    char* out = nullptr;
    switch (input.selector) {
        case 0: check(lp_lead_list(&out, engine, "ann", text, nullptr), out); break;
        case 1: check(lp_lead_list(&out, engine, "boss", nullptr, text), out); break;
        case 2: {
            lp_lead_iter* iter = nullptr;
            const lp_status status = lp_lead_iter_open(&iter, engine, "boss", text, 1);
            check(status, nullptr);
            while (status == LP_OK) {
                const lp_status next = lp_lead_iter_next(&out, iter);
                const bool done = out == nullptr;
                check(next, out);
                if (next != LP_OK || done) break;
            }
            lp_lead_iter_close(iter);
            break;
        }
        case 3: check(lp_funnel_report(&out, engine, "ann", text), out); break;
        case 4: check(lp_merge_list(&out, engine, "boss", text), out); break;
        case 5: check(lp_opportunity_pipeline(&out, engine, "ann", text, nullptr), out); break;
        case 6: check(lp_opportunity_pipeline(&out, engine, "boss", nullptr, text), out); break;
        case 7: check(lp_merge_page(&out, engine, "boss", nullptr, text), out); break;
        case 8: check(lp_identity_conflict_page(&out, engine, "ann", text, nullptr), out); break;
        default: check(lp_identity_conflict_page(&out, engine, "boss", nullptr, text), out); break;
    }
    lp_engine_close(engine);
    return 0;
}
