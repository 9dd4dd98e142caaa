#include "lead_text.hpp"

#include <cstddef>
#include <string_view>

#include "json_support.hpp"
#include "json_text.hpp"

namespace leadpool::json_support {
namespace {

using json_text::append_string;
using json_text::append_strings;

void append_nullable(std::string& out, std::string_view text) {
    if (text.empty()) {
        out += "null";
    } else {
        append_string(out, text);
    }
}

void append_attribution(std::string& out, const Attribution& attribution) {
    out += "{\"source\":";
    append_string(out, attribution.source);
    out += ",\"medium\":";
    append_string(out, attribution.medium);
    out += ",\"campaign\":";
    append_string(out, attribution.campaign);
    out += '}';
}

// Checks stored JSON without building it: well-formed and nested at most kMaxDocumentDepth
// levels, as embedded() reads it.
class StoredJsonCheck {
public:
    using number_integer_t = json::number_integer_t;
    using number_unsigned_t = json::number_unsigned_t;
    using number_float_t = json::number_float_t;
    using string_t = json::string_t;
    using binary_t = json::binary_t;

    bool null() { return true; }
    bool boolean(bool) { return true; }
    bool number_integer(number_integer_t) { return true; }
    bool number_unsigned(number_unsigned_t) { return true; }
    bool number_float(number_float_t, const string_t&) { return true; }
    bool string(string_t&) { return true; }
    bool binary(binary_t&) { return true; }
    bool key(string_t&) { return true; }
    bool start_object(std::size_t) { return ++depth_ <= kMaxDocumentDepth; }
    bool end_object() { return --depth_, true; }
    bool start_array(std::size_t) { return ++depth_ <= kMaxDocumentDepth; }
    bool end_array() { return --depth_, true; }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

private:
    std::size_t depth_ = 0;
};

void append_stored(std::string& out, const std::string& stored, const Lead& lead) {
    StoredJsonCheck check;
    if (!json::sax_parse(stored, &check)) {
        throw Error(ErrorCode::internal, "stored JSON is unreadable: lead " + std::to_string(lead.id) +
                                             " attributes are not JSON within " +
                                             std::to_string(kMaxDocumentDepth) + " levels");
    }
    out += stored;
}

}  // namespace

void append_lead(std::string& out, const Lead& lead) {
    out += "{\"id\":";
    out += std::to_string(lead.id);
    out += ",\"identities\":[";
    for (std::size_t i = 0; i < lead.identities.size(); ++i) {
        const Identity& identity = lead.identities[i];
        out += i == 0 ? "{\"kind\":" : ",{\"kind\":";
        append_string(out, to_string(identity.kind));
        out += ",\"value\":";
        append_string(out, identity.value);
        if (!identity.scope.empty()) {
            out += ",\"scope\":";
            append_string(out, identity.scope);
        }
        out += '}';
    }
    out += "],\"attributes\":";
    append_stored(out, lead.attributes, lead);
    out += ",\"channel\":";
    append_string(out, lead.channel);
    out += ",\"channels\":";
    append_strings(out, lead.channels);
    out += ",\"attribution\":";
    append_attribution(out, lead.attribution);
    out += ",\"last_attribution\":";
    append_attribution(out, lead.last_attribution);
    out += ",\"tags\":";
    append_strings(out, lead.tags);
    out += ",\"tier\":";
    append_string(out, to_string(lead.tier));
    out += ",\"pool\":";
    out += std::to_string(lead.pool);
    out += ",\"owner\":";
    append_nullable(out, lead.owner);
    out += ",\"reached\":[";
    bool first = true;
    for (int t = 0; t < kTierCount; ++t) {
        const auto tier = static_cast<Tier>(t);
        if ((lead.reached & tier_bit(tier)) == 0) continue;
        if (!first) out += ',';
        first = false;
        append_string(out, to_string(tier));
    }
    out += "],\"created_at\":";
    out += std::to_string(lead.created_at);
    out += ",\"updated_at\":";
    out += std::to_string(lead.updated_at);
    out += ",\"last_activity_at\":";
    out += std::to_string(lead.last_activity_at);
    out += ",\"last_seen_at\":";
    out += std::to_string(lead.last_seen_at);
    out += ",\"referred_by\":";
    out += lead.referred_by == 0 ? std::string("null") : std::to_string(lead.referred_by);
    out += ",\"version\":";
    out += std::to_string(lead.version);
    out += '}';
}

void append_leads(std::string& out, const std::vector<Lead>& leads) {
    out += '[';
    for (std::size_t i = 0; i < leads.size(); ++i) {
        if (i != 0) out += ',';
        append_lead(out, leads[i]);
    }
    out += ']';
}

}  // namespace leadpool::json_support
