// The JSON shapes of personal data (docs/json.md): an erasure's request and report, and the
// subject-access document. The document is made of the shapes the rest of the codec writes,
// each written by its own writer.
#include "json_support.hpp"
#include "leadpool/json.hpp"

namespace leadpool {
namespace {

using namespace json_support;

// A shape another writer of the codec makes, embedded.
ordered_json part(const std::string& text, const char* what) { return embedded(text, what); }

}  // namespace

std::string to_json(const ErasureReport& report) {
    return text_of({{"lead", report.lead},
                    {"leads", report.leads},
                    {"identities", report.identities},
                    {"suppressed", report.suppressed},
                    {"history", report.history},
                    {"events", report.events},
                    {"merges", report.merges},
                    {"conflicts", report.conflicts},
                    {"deliveries", report.deliveries},
                    {"changes", report.changes},
                    {"referrals", report.referrals},
                    {"scrub", to_string(report.scrub)}});
}

std::string to_json(const PersonalData& data) {
    ordered_json lead = part(to_json(data.lead), "personal data lead");
    ordered_json identities = lead["identities"];
    return text_of({{"lead", std::move(lead)},
                    {"leads", part(to_json(data.leads), "personal data leads")},
                    {"identities", std::move(identities)},
                    {"attributes", part(to_json(data.attributes), "personal data attributes")},
                    {"events", part(to_json(data.events), "personal data events")},
                    {"follow_ups", part(to_json(data.follow_ups), "personal data follow-ups")},
                    {"history", part(to_json(data.history), "personal data history")},
                    {"merges", part(to_json(data.merges), "personal data merges")},
                    {"opportunities", part(to_json(data.opportunities), "personal data opportunities")},
                    {"conflicts", part(to_json(data.conflicts), "personal data conflicts")}});
}

ErasureRequest erasure_request_from_json(std::string_view text) {
    return read_document(text, "erasure request", [](const json& value, const Place& place) {
        const Object o(value, place, {"reason", "suppress"});
        ErasureRequest request;
        request.reason = o.string("reason");
        o.optional("suppress", request.suppress, Object::as_bool);
        return request;
    });
}

}  // namespace leadpool
