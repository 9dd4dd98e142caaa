// Identity upkeep on a pool of N leads: re-keying every stored phone under a new default region
// (rekey.hpp), against capturing the same leads into the same file (the cost a host already pays
// per lead), and erasing people one request at a time (personal_data.hpp).
#include <algorithm>
#include <stdexcept>
#include <string>

#include "figure.hpp"

namespace leadpool::bench {
namespace {

// The bench's leads with their phones kept as bare digits, as a pool whose identity rules had no
// region stored them; every tenth is captured a second time in E.164 by another channel, a
// second lead under those rules and one person under the new ones.
std::vector<LeadInput> bare_batch(std::size_t first, std::size_t count) {
    std::vector<LeadInput> batch = lead_batch(first, count);
    for (LeadInput& input : batch) {
        Identity& phone = input.identities.front();
        phone.value = phone.value.substr(3);  // "+86" off
    }
    for (std::size_t i = first; i < first + count; ++i) {
        if (i % 10 != 0) continue;
        LeadInput again = lead_input(i);
        again.channel = "import";
        batch.push_back(std::move(again));
    }
    return batch;
}

IdentityRules in_region(const std::string& region) {
    IdentityRules rules = IdentityRules::defaults();
    rules.default_region = region;
    return rules;
}

struct UpkeepRun {
    Run rekey;  // leads/s re-keyed, beside the same file's capture rate
    Run erase;  // ms a request
};

// One run on a fresh file: `people` captured under the bare-digit rules, re-keyed, and every
// hundredth of them erased.
UpkeepRun upkeep_run(const std::string& file, std::size_t people) {
    remove_database(file);
    const auto engine = bench_engine(file);
    set_up_company(*engine);
    engine->set_identity_rules(kActor, in_region(""));

    std::size_t leads = 0;
    double capture = 0;
    for (std::size_t first = 0; first < people; first += kBatch) {
        const auto batch = bare_batch(first, std::min(kBatch, people - first));
        leads += batch.size();
        capture += seconds([&] { engine->capture_batch(kActor, batch); });
    }

    RekeyReport report;
    const double rekey = seconds([&] { report = engine->set_identity_rules(kActor, in_region("CN")); });
    // Each person's second lead is merged into the first before the re-key reaches it.
    if (report.leads != static_cast<std::int64_t>(people) || report.merged != static_cast<std::int64_t>(people / 10)) {
        throw std::runtime_error("rekey figure: " + std::to_string(report.leads) + " leads re-keyed, " +
                                 std::to_string(report.merged) + " merged");
    }

    // Every hundredth person erased, one request at a time, their identities suppressed.
    std::vector<LeadId> people_to_erase;
    for (std::size_t i = 0; i < people; i += 100) {
        const Identity phone = lead_input(i).identities.front();
        people_to_erase.push_back(engine->find_lead(kActor, phone).value().id);
    }
    const double erase = seconds([&] {
        for (LeadId lead : people_to_erase) engine->erase(kActor, lead, ErasureRequest{"request", true});
    });
    const auto n = static_cast<double>(leads);
    return {{n / rekey, n / capture, std::nullopt},
            {erase / static_cast<double>(people_to_erase.size()) * 1000, std::nullopt, std::nullopt}};
}

}  // namespace

std::vector<Measurement> identity_upkeep(Workload& w) {
    const std::size_t people = std::min<std::size_t>(w.leads, 100'000);
    const std::string file = (w.dir / "identities.db").string();
    std::vector<Run> rekeys, erasures;
    for (int run = 0; run < kRuns; ++run) {
        const UpkeepRun done = upkeep_run(file, people);
        rekeys.push_back(done.rekey);
        erasures.push_back(done.erase);
    }
    remove_database(file);
    const std::string suffix = "_" + std::to_string(people / 1000) + "k";
    return {rate("rekey_sqlite" + suffix, std::move(rekeys), "leads/s",
                 Target{Target::Of::ratio, Target::Op::at_least, 0.5}),
            cost("erase_sqlite" + suffix, std::move(erasures), "ms")};
}

}  // namespace leadpool::bench
