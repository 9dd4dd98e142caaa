// The JSON shapes of the capture cohort table (docs/json.md): the request and the table.
#include "json_support.hpp"
#include "leadpool/capture_cohorts.hpp"
#include "leadpool/json.hpp"

namespace leadpool {

using namespace json_support;

std::string to_json(const CaptureCohorts& table) {
    ordered_json cohorts = ordered_json::array();
    for (const CaptureCohorts::Cohort& cohort : table.cohorts) {
        ordered_json reached = ordered_json::array();
        for (const CohortReached& counts : cohort.reached) {
            ordered_json by_tier = ordered_json::object();
            for (std::size_t t = 0; t < counts.size(); ++t) by_tier[to_string(kCohortTiers[t])] = counts[t];
            reached.push_back(std::move(by_tier));
        }
        cohorts.push_back({{"start", cohort.start}, {"leads", cohort.leads}, {"reached", std::move(reached)}});
    }
    return text_of({{"period", to_string(table.period)},
                    {"periods_after", table.periods_after},
                    {"cohorts", std::move(cohorts)}});
}

CohortRequest cohort_request_from_json(std::string_view text) {
    return read_document(text, "cohorts", [](const json& value, const Place& place) {
        const Object o(value, place, {"period", "periods_after"});
        CohortRequest request;
        if (const json* period = o.find("period", true)) {
            request.period = as_name<CohortPeriod>(*period, o.at("period"), "cohort period", parse_cohort_period);
        }
        std::int64_t periods_after = request.periods_after;
        o.optional("periods_after", periods_after, Object::as_integer);
        if (periods_after < 0 || periods_after > kMaxCohortPeriodsAfter) {
            o.at("periods_after").fail("must be 0.." + std::to_string(kMaxCohortPeriodsAfter));
        }
        request.periods_after = static_cast<int>(periods_after);
        return request;
    });
}

}  // namespace leadpool
