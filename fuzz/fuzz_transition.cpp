// Fuzzes the moves: a transition request, a batch of them, and an action name asked about.
#include "fuzz_entry.hpp"

using namespace leadpool::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const Input input = split(data, size, 3);
    lp_engine* engine = company();
    const char* text = input.text.c_str();
    char* out = nullptr;
    int may = 0;
    switch (input.selector) {
        case 0: check(lp_lead_transition(&out, engine, "boss", text), out); break;
        case 1: check(lp_lead_transition_batch(&out, engine, "ann", text), out); break;
        default: check(lp_lead_can(&may, engine, "ann", text, 1), nullptr); break;
    }
    lp_engine_close(engine);
    return 0;
}
