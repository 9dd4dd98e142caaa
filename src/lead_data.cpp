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

Attribution checked_attribution(const Attribution& attribution) {
    Attribution out{trimmed(attribution.source), trimmed(attribution.medium), trimmed(attribution.campaign)};
    check_text(out.source, "attribution source");
    check_text(out.medium, "attribution medium");
    check_text(out.campaign, "attribution campaign");
    return out;
}

}  // namespace leadpool::detail
