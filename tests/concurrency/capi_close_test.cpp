// The C ABI's iterators while their engine closes on another thread (leadpool.h, lp_engine_close):
// each call answers a whole page or LP_ENGINE_CLOSED, and no call reads the freed engine (the
// suite runs under TSan, and the ASan build runs it too).
#include <doctest/doctest.h>
#include <leadpool.h>

#include <atomic>
#include <string>
#include <thread>

TEST_CASE("an iterator walking while another thread closes its engine answers pages, then engine_closed") {
    lp_engine* engine = nullptr;
    REQUIRE(lp_engine_open(&engine, "memory:", nullptr) == LP_OK);
    REQUIRE(lp_org_initialize(engine, R"({"id": "boss", "name": "Boss", "roles": ["director"]})",
                              "factory_led") == LP_OK);
    std::string inputs = "[";
    for (int i = 0; i < 200; ++i) {
        inputs += std::string(i ? "," : "") + R"({"identities": [{"kind": "device_id", "value": "d-)" +
                  std::to_string(i) + R"("}], "channel": "app"})";
    }
    inputs += "]";
    char* out = nullptr;
    REQUIRE(lp_lead_capture_batch(&out, engine, "boss", inputs.c_str()) == LP_OK);
    lp_free(out);
    lp_lead_iter* iter = nullptr;
    REQUIRE(lp_lead_iter_open(&iter, engine, "boss", nullptr, 1) == LP_OK);

    std::atomic<bool> walking{false};
    lp_status last = LP_OK;
    int pages = 0;
    std::thread walker([&] {
        for (;;) {
            char* page = nullptr;
            last = lp_lead_iter_next(&page, iter);
            walking = true;
            if (last != LP_OK || page == nullptr) return;
            ++pages;
            lp_free(page);
        }
    });
    while (!walking) std::this_thread::yield();
    lp_engine_close(engine);
    walker.join();

    // The walk ended at the engine's close (or, on a slow close, at its last page), and from
    // then on every call answers that the engine is closed.
    CHECK((last == LP_ENGINE_CLOSED || (last == LP_OK && pages == 200)));
    char* page = nullptr;
    CHECK(lp_lead_iter_next(&page, iter) == LP_ENGINE_CLOSED);
    CHECK(page == nullptr);
    lp_lead_iter_close(iter);
}
