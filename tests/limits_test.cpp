// Input over a documented limit, text that is not clean UTF-8, and a store locked by another
// writer: each has its own error code and changes nothing — on every store.
#include <doctest/doctest.h>

#include <string>

#include "engine_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;


namespace {

std::string nested(std::size_t depth) {
    return R"({"a":)" + std::string(depth - 1, '[') + std::string(depth - 1, ']') + "}";
}

}  // namespace

LEADPOOL_STORE_TEST_CASE("input over a size limit is refused with limit_exceeded") {
    Company<Factory> c;
    Engine& e = *c.engine;
    const LeadId id = c.capture("13800001001");
    auto refused = [&](auto&& operation) { LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::limit_exceeded, operation()); };

    SUBCASE("attributes larger than kMaxAttributesBytes") {
        const std::string big = R"({"notes": ")" + std::string(kMaxAttributesBytes, 'x') + "\"}";
        refused([&] { e.capture("boss", phone_lead("13800001002", "web", big)); });
        refused([&] { e.update_lead("boss", id, LeadUpdate{big, {}, {}, 0}); });
    }
    SUBCASE("attributes that grow past the limit by merging") {
        const std::string half = std::string(kMaxAttributesBytes / 2 + 10, 'y');
        e.update_lead("boss", id, LeadUpdate{R"({"a": ")" + half + "\"}", {}, {}, 0});
        refused([&] { e.update_lead("boss", id, LeadUpdate{R"({"b": ")" + half + "\"}", {}, {}, 0}); });
    }
    SUBCASE("attributes nested deeper than kMaxJsonDepth, even 10,000 deep") {
        CHECK(e.capture("boss", phone_lead("13800001002", "web", nested(kMaxJsonDepth))).created);
        refused([&] { e.capture("boss", phone_lead("13800001003", "web", nested(kMaxJsonDepth + 1))); });
        refused([&] { e.capture("boss", phone_lead("13800001003", "web", nested(10000))); });
    }
    SUBCASE("text fields longer than kMaxTextBytes") {
        const std::string long_text(kMaxTextBytes + 1, 'z');
        refused([&] { e.capture("boss", phone_lead(long_text)); });
        LeadInput tagged = phone_lead("13800001002");
        tagged.tags = {long_text};
        refused([&] { e.capture("boss", tagged); });
        refused([&] { e.add_user("boss", User{"x", long_text, "", {}, true}); });
        refused([&] { e.transition("boss", TransitionRequest::invalidate(id, long_text)); });
    }
    SUBCASE("batches larger than kMaxBatchSize") {
        std::vector<LeadInput> inputs(kMaxBatchSize + 1, phone_lead("13800001009"));
        refused([&] { e.capture_batch("boss", inputs); });
        std::vector<TransitionRequest> moves(kMaxBatchSize + 1, TransitionRequest::distribute(id, c.east));
        refused([&] { e.transition_batch("boss", moves); });
    }
}

LEADPOOL_STORE_TEST_CASE("text that is not clean UTF-8 is refused with invalid_argument") {
    Company<Factory> c;
    Engine& e = *c.engine;
    auto refused = [&](LeadInput input) {
        LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument, e.capture("boss", input));
    };
    const std::string bad_texts[] = {std::string("\xff"), std::string("a\xc3"), std::string("\xed\xa0\x80"),
                                     std::string("\xc0\xaf"), std::string("nul\0byte", 8)};
    for (const std::string& bad : bad_texts) {
        CAPTURE(bad.size());
        const LeadInput valid = phone_lead("13800001001");
        LeadInput input = valid;
        input.identities[0].value = bad;
        refused(input);
        input = valid;
        input.channel = bad;
        refused(input);
        input = valid;
        input.tags = {bad};
        refused(input);
        input = valid;
        input.attribution.campaign = bad;
        refused(input);
        input = valid;
        input.attributes = "{\"a\": \"" + bad + "\"}";
        refused(input);
    }
    // Multi-byte text that is valid passes: Chinese names, emoji.
    LeadInput fine = phone_lead("13800000001", "微信小程序", R"({"name": "李雷 🍵"})");
    fine.tags = {"杭州"};
    CHECK(e.capture("boss", fine).lead.channel == "微信小程序");
}

TEST_CASE("a store locked by another writer past the busy timeout answers busy") {
    TempDatabase file;
    auto clock = std::make_shared<ManualClock>(kStart);
    Engine engine(open_sqlite_store(file.path()), EngineOptions{clock});
    engine.initialize(User{"boss", "Boss", "", {"director"}, true}, OrgStage::factory_led);

    SqliteOptions impatient;
    impatient.busy_timeout_ms = 20;
    Engine other(open_sqlite_store(file.path(), impatient), EngineOptions{clock});
    auto holder = open_sqlite_store(file.path());
    {
        auto writer = holder->write();  // another connection holds the write lock
        try {
            other.capture("boss", phone_lead("13800001001"));
            FAIL("wrote through a held lock");
        } catch (const Error& error) {
            CHECK_MESSAGE(error.code() == ErrorCode::busy, error.what());
        }
        CHECK(other.leads("boss").leads.empty());  // reads still work
    }
    CHECK(other.capture("boss", phone_lead("13800001001")).created);  // and writes once the lock is gone
}
