#include "lead_data.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "leadpool/error.hpp"
#include "leadpool/limits.hpp"
#include "text.hpp"

namespace leadpool::detail {
namespace {

using nlohmann::json;

std::string trimmed(const std::string& s) {
    const char* space = " \t\r\n";
    auto first = s.find_first_not_of(space);
    if (first == std::string::npos) return {};
    return s.substr(first, s.find_last_not_of(space) - first + 1);
}

json parse_object(const std::string& text, const char* field) {
    if (text.size() > kMaxAttributesBytes) {
        throw Error(ErrorCode::limit_exceeded,
                    std::string(field) + ": larger than " + std::to_string(kMaxAttributesBytes) + " bytes");
    }
    check_json_depth(text, field);
    json value;
    try {
        value = json::parse(text);
    } catch (const json::parse_error& e) {
        throw Error(ErrorCode::invalid_argument, std::string(field) + ": malformed JSON: " + e.what());
    }
    if (!value.is_object()) {
        throw Error(ErrorCode::invalid_argument, std::string(field) + ": must be a JSON object");
    }
    return value;
}

void append_unique(std::vector<std::string>& values, const std::string& value) {
    if (std::find(values.begin(), values.end(), value) == values.end()) values.push_back(value);
}

}  // namespace

std::string checked_attributes(const std::string& text, const char* field) {
    return parse_object(text, field).dump();
}

std::string merged_attributes(const std::string& existing, const std::string& incoming) {
    json merged = parse_object(existing, "attributes");
    merged.update(parse_object(incoming, "attributes"), /*merge_objects=*/true);
    std::string text = merged.dump();
    if (text.size() > kMaxAttributesBytes) {
        throw Error(ErrorCode::limit_exceeded, "attributes: the merged attributes would be larger than " +
                                                   std::to_string(kMaxAttributesBytes) + " bytes");
    }
    return text;
}

std::vector<std::string> checked_tags(const std::vector<std::string>& tags) {
    std::vector<std::string> out;
    for (const auto& tag : tags) out.push_back(checked_name(tag, "tag"));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::string checked_name(const std::string& text, const char* field) {
    std::string value = trimmed(text);
    if (value.empty()) throw Error(ErrorCode::invalid_argument, std::string(field) + " is empty");
    check_text(value, field);
    return value;
}

std::vector<Identity> checked_identities(const std::vector<Identity>& identities) {
    if (identities.empty()) throw Error(ErrorCode::invalid_argument, "identities: at least one is required");
    std::vector<Identity> out;
    for (const auto& identity : identities) {
        Identity normal = normalize_identity(identity);
        if (std::find(out.begin(), out.end(), normal) == out.end()) out.push_back(normal);
    }
    return out;
}

LeadInput checked_input(const LeadInput& input) {
    LeadInput out;
    out.identities = checked_identities(input.identities);
    out.attributes = checked_attributes(input.attributes, "attributes");
    out.channel = checked_name(input.channel, "channel");
    out.attribution = {trimmed(input.attribution.source), trimmed(input.attribution.medium),
                       trimmed(input.attribution.campaign)};
    check_text(out.attribution.source, "attribution source");
    check_text(out.attribution.medium, "attribution medium");
    check_text(out.attribution.campaign, "attribution campaign");
    out.tags = checked_tags(input.tags);
    return out;
}

Lead new_lead(const LeadInput& input, Timestamp now) {
    Lead lead;
    lead.identities = input.identities;
    lead.attributes = input.attributes;
    lead.channel = input.channel;
    lead.channels = {input.channel};
    lead.attribution = input.attribution;
    lead.tags = input.tags;
    lead.created_at = lead.updated_at = lead.last_activity_at = now;
    return lead;
}

Lead recaptured(Lead lead, const LeadInput& input, Timestamp now) {
    for (const auto& identity : input.identities) {
        if (std::find(lead.identities.begin(), lead.identities.end(), identity) == lead.identities.end()) {
            lead.identities.push_back(identity);
        }
    }
    lead.attributes = merged_attributes(lead.attributes, input.attributes);
    append_unique(lead.channels, input.channel);
    if (lead.attribution == Attribution{}) lead.attribution = input.attribution;  // first touch
    for (const auto& tag : input.tags) append_unique(lead.tags, tag);
    std::sort(lead.tags.begin(), lead.tags.end());
    lead.updated_at = lead.last_activity_at = now;
    ++lead.version;
    return lead;
}

std::string capture_detail(const LeadInput& input) {
    json identities = json::array();
    for (const auto& identity : input.identities) {
        json one = {{"kind", to_string(identity.kind)}, {"value", identity.value}};
        if (!identity.scope.empty()) one["scope"] = identity.scope;
        identities.push_back(one);
    }
    return json{{"channel", input.channel},
                {"identities", identities},
                {"attributes", json::parse(input.attributes)},
                {"tags", input.tags}}
        .dump();
}

}  // namespace leadpool::detail
