// Fuzzes the lead entry points that take JSON: capture, capture batch, find and update.
#include "fuzz_entry.hpp"

using namespace leadpool::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const Input input = split(data, size, 4);
    lp_engine* engine = company();
    const char* text = input.text.c_str();
    char* out = nullptr;
    switch (input.selector) {
        case 0: check(lp_lead_capture(&out, engine, "ann", text), out); break;
        case 1: check(lp_lead_capture_batch(&out, engine, "boss", text), out); break;
        case 2: check(lp_lead_find(&out, engine, "ann", text), out); break;
        default: check(lp_lead_update(&out, engine, "ann", 1, text), out); break;
    }
    lp_engine_close(engine);
    return 0;
}
