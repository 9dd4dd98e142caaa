#include "workload.hpp"

#include <algorithm>
#include <ctime>
#include <system_error>

namespace leadpool::bench {

LeadInput lead_input(std::size_t i) {
    static const char* const kChannels[] = {"web", "app", "wechat", "shop"};
    LeadInput input;
    input.identities = {Identity{IdentityKind::phone, "+86" + std::to_string(13000000000ULL + i), ""}};  // as stored
    input.channel = kChannels[i % 4];
    // Keys in the order the library writes them back, so both files hold the same text.
    input.attributes =
        R"({"city":"city-)" + std::to_string(i % 50) + R"(","name":"Lead )" + std::to_string(i) + R"("})";
    input.attribution = Attribution{"search", "cpc", "spring-" + std::to_string(i % 7)};
    input.tags = {"segment-" + std::to_string(i % 10)};
    return input;
}

std::vector<LeadInput> lead_batch(std::size_t first, std::size_t count) {
    std::vector<LeadInput> batch;
    batch.reserve(count);
    for (std::size_t i = first; i < first + count; ++i) batch.push_back(lead_input(i));
    return batch;
}

Company set_up_company(Engine& engine) {
    engine.initialize(User{kActor, "The Boss", "management", {"director"}, true}, OrgStage::sales_led);
    Company company;
    const char* const kRegions[] = {"north", "south"};
    for (int region = 0; region < 2; ++region) {
        const UserId manager = std::string(kRegions[region]) + "-manager";
        engine.add_user(kActor, User{manager, manager, "sales", {"sales_manager"}, true});
        const PoolId parent =
            engine.create_pool(kActor, PoolSpec{kRegions[region], std::nullopt, {manager}, {}}).id;
        (region == 0 ? company.north : company.south) = parent;
        for (const char* leaf : {"a", "b"}) {
            const std::string name = std::string(kRegions[region]) + "-" + leaf;
            const UserId seller = name + "-seller";
            engine.add_user(kActor, User{seller, seller, "sales", {"salesperson"}, true});
            company.leaves.push_back(engine.create_pool(kActor, PoolSpec{name, parent, {}, {seller}}).id);
            company.sellers.push_back(seller);
        }
    }
    return company;
}

std::unique_ptr<Engine> bench_engine(std::unique_ptr<Store> store) {
    return std::make_unique<Engine>(std::move(store),
                                    EngineOptions{std::make_shared<ManualClock>(kBenchTime)});
}

std::unique_ptr<Engine> bench_engine(const std::string& path, SqliteOptions::Synchronous sync) {
    SqliteOptions options;
    options.synchronous = sync;
    return bench_engine(open_sqlite_store(path, options));
}

double ingest_seconds(const std::string& path, std::size_t first, std::size_t last,
                      const std::function<std::vector<ChannelRecord>(std::size_t, std::size_t)>& batch) {
    auto engine = bench_engine(path);
    double spent = 0;
    for (std::size_t at = first; at < last; at += kBatch) {
        const auto records = batch(at, std::min(kBatch, last - at));
        spent += seconds([&] { engine->ingest(kActor, records); });
    }
    return spent;
}

void remove_database(const std::string& path) {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix, ignored);
}

double process_cpu_seconds() {
    timespec now{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

}  // namespace leadpool::bench
