// Fuzzes the lead entry points that take JSON or text: capture, capture batch, find, update,
// ingest (records and options), merge and unmerge (reason), attribute history (field), identity
// normalisation, an erasure's request (an erasure the engine takes is then put to work: the
// person recaptured, refused when suppressed, and looked up) and a subject access's identity.
#include "fuzz_entry.hpp"

using namespace leadpool::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const Input input = split(data, size, 11);
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
        case 8: check(lp_identity_normalize(&out, text, nullptr), out); break;
        case 9: {
            const lp_status erased = lp_lead_erase(&out, engine, "boss", 1, text);
            check(erased, out);
            if (erased != LP_OK) break;
            const char* person = R"({"kind": "phone", "value": "13800000001"})";
            const lp_status again = lp_lead_capture(
                &out, engine, "boss", R"({"identities": [{"kind": "phone", "value": "13800000001"}], "channel": "web"})");
            check(again, out);
            if (again != LP_OK && again != LP_SUPPRESSED) std::abort();  // a new lead, unless suppressed
            const lp_status found = lp_personal_data(&out, engine, "boss", person);
            check(found, out);
            const lp_status twice = lp_lead_erase(&out, engine, "boss", 1, text);  // erased before
            check(twice, out);
            if (twice != LP_CONFLICT) std::abort();
            break;
        }
        default: check(lp_personal_data(&out, engine, "boss", text), out); break;
    }
    lp_engine_close(engine);
    return 0;
}
