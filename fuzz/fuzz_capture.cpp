// Fuzzes the lead entry points that take JSON or text: capture, capture batch, find, update,
// ingest (records and options), merge and unmerge (reason), attribute history (field) and
// identity normalisation.
#include "fuzz_entry.hpp"

using namespace leadpool::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const Input input = split(data, size, 9);
    lp_engine* engine = company();
    const char* text = input.text.c_str();
    char* out = nullptr;
    switch (input.selector) {
        case 0: check(lp_lead_capture(&out, engine, "ann", text), out); break;
        case 1: check(lp_lead_capture_batch(&out, engine, "boss", text), out); break;
        case 2: check(lp_lead_find(&out, engine, "ann", text), out); break;
        case 3: check(lp_lead_update(&out, engine, "ann", 1, text), out); break;
        case 4: check(lp_lead_ingest(&out, engine, "boss", text, nullptr), out); break;
        case 5: check(lp_lead_ingest(&out, engine, "boss", "[]", text), out); break;
        case 6: {
            const lp_status merged = lp_lead_merge(&out, engine, "boss", 1, 2, text);
            check(merged, out);
            if (merged == LP_OK) check(lp_lead_unmerge(&out, engine, "boss", 1, text), out);
            break;
        }
        case 7: check(lp_lead_attribute_history(&out, engine, "boss", 1, text), out); break;
        default: check(lp_identity_normalize(&out, text, nullptr), out); break;
    }
    lp_engine_close(engine);
    return 0;
}
