// The JSON codec's shared machinery: bounded, strict parsing, readers that name the field at
// fault, and the writer's conventions (docs/json.md). Used by every file that reads or writes a
// shape of the codec.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "leadpool/error.hpp"
#include "leadpool/lead.hpp"
#include "leadpool/limits.hpp"
#include "leadpool/funnel_breakdown.hpp"
#include "leadpool/query.hpp"
#include "leadpool/routing.hpp"
#include "leadpool/tier_moves.hpp"

namespace leadpool::json_support {

using nlohmann::json;          // read: fields are looked up by name
using nlohmann::ordered_json;  // written: fields in the documented order

// A document may nest this much deeper than kMaxJsonDepth: the envelope around attributes
// (a batch array, then the input object), so attributes get the full kMaxJsonDepth levels.
constexpr std::size_t kEnvelopeDepth = 2;
constexpr std::size_t kMaxDocumentDepth = kMaxJsonDepth + kEnvelopeDepth;

// --- parsing ------------------------------------------------------------------------------------

// Parses one JSON value: well-formed UTF-8 JSON, no field twice in one object, nested at most
// `max_depth` levels ({} and [] are one level). `what` names the document in messages.
template <typename Json = json>
Json parse_document(std::string_view text, const std::string& what, std::size_t max_depth) {
    std::vector<std::unordered_set<std::string>> keys;  // the fields seen, per open object
    auto check = [&](int depth, json::parse_event_t event, Json& parsed) {
        switch (event) {
            case json::parse_event_t::object_start:
            case json::parse_event_t::array_start:
                if (static_cast<std::size_t>(depth) + 1 > max_depth) {
                    throw Error(ErrorCode::limit_exceeded,
                                what + ": nests deeper than " + std::to_string(max_depth) + " levels");
                }
                if (event == json::parse_event_t::object_start) keys.emplace_back();
                break;
            case json::parse_event_t::key: {
                const auto& key = parsed.template get_ref<const std::string&>();
                if (!keys.back().insert(key).second) {
                    throw Error(ErrorCode::invalid_argument, what + ": field '" + key + "' appears twice");
                }
                break;
            }
            case json::parse_event_t::object_end: keys.pop_back(); break;
            default: break;
        }
        return true;
    };
    try {
        return Json::parse(text.begin(), text.end(), check);
    } catch (const json::exception& e) {
        throw Error(ErrorCode::invalid_argument, what + ": malformed JSON: " + e.what());
    }
}

// --- reading ------------------------------------------------------------------------------------

// Where a value sits in the document being read: the document's name and the field path.
class Place {
public:
    Place(const std::string& document, std::string path) : document_(document), path_(std::move(path)) {}

    Place field(const std::string& key) const { return {document_, path_.empty() ? key : path_ + "." + key}; }
    Place item(std::size_t index) const { return {document_, path_ + "[" + std::to_string(index) + "]"}; }

    [[noreturn]] void fail(const std::string& what, ErrorCode code = ErrorCode::invalid_argument) const {
        throw Error(code, document_ + ": " + (path_.empty() ? "" : path_ + ": ") + what);
    }

private:
    const std::string& document_;
    std::string path_;
};

// An object being read: its fields are checked against the shape's field list up front.
class Object {
public:
    Object(const json& value, Place place, std::initializer_list<const char*> fields)
        : value_(value), place_(std::move(place)) {
        if (!value_.is_object()) place_.fail("must be a JSON object");
        for (auto it = value_.begin(); it != value_.end(); ++it) {
            bool known = false;
            for (const char* field : fields) known = known || it.key() == field;
            if (!known) place_.field(it.key()).fail("unknown field");
        }
    }

    // The field's value, or nullptr when it is absent (`null_absent`: or null).
    const json* find(const char* key, bool null_absent = false) const {
        auto it = value_.find(key);
        if (it == value_.end() || (null_absent && it->is_null())) return nullptr;
        return &*it;
    }
    const json& require(const char* key) const {
        const json* found = find(key);
        if (!found) place_.fail(std::string("'") + key + "' is required");
        return *found;
    }
    Place at(const char* key) const { return place_.field(key); }

    // Typed fields: required, optional with a default, or optional and nullable.
    std::string string(const char* key) const { return as_string(require(key), at(key)); }
    std::int64_t integer(const char* key) const { return as_integer(require(key), at(key)); }

    template <typename T, typename Read>
    void optional(const char* key, T& out, Read read) const {
        if (const json* found = find(key)) out = read(*found, at(key));
    }
    template <typename T, typename Read>
    void nullable(const char* key, std::optional<T>& out, Read read) const {
        if (const json* found = find(key, true)) out = read(*found, at(key));
    }

    static std::string as_string(const json& value, const Place& place) {
        if (!value.is_string()) place.fail("must be a string");
        return value.get<std::string>();
    }
    static std::int64_t as_integer(const json& value, const Place& place) {
        if (value.is_number_unsigned()) {
            if (value.get<std::uint64_t>() >
                static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                place.fail("integer out of range");
            }
        } else if (!value.is_number_integer()) {
            place.fail("must be an integer");
        }
        return value.get<std::int64_t>();
    }
    static bool as_bool(const json& value, const Place& place) {
        if (!value.is_boolean()) place.fail("must be true or false");
        return value.get<bool>();
    }
    static std::vector<std::string> as_strings(const json& value, const Place& place) {
        if (!value.is_array()) place.fail("must be an array of strings");
        std::vector<std::string> out;
        out.reserve(value.size());
        for (std::size_t i = 0; i < value.size(); ++i) out.push_back(as_string(value[i], place.item(i)));
        return out;
    }
    // A free-form object (attributes), kept as compact JSON text.
    static std::string as_object_text(const json& value, const Place& place) {
        if (!value.is_object()) place.fail("must be a JSON object");
        return value.dump();
    }

private:
    const json& value_;
    Place place_;
};

template <typename Enum, typename Parse>
Enum as_name(const json& value, const Place& place, const char* kind, Parse parse) {
    const std::string name = Object::as_string(value, place);
    auto parsed = parse(name);
    if (!parsed) place.fail("unknown " + std::string(kind) + " '" + name + "'");
    return *parsed;
}

// Reads a whole document: one value of the shape `read` knows.
template <typename Read>
auto read_document(std::string_view text, const std::string& what, Read read) {
    const json document = parse_document(text, what, kMaxDocumentDepth);
    return read(document, Place(what, ""));
}

// Reads a JSON array of one shape, at most kMaxBatchSize items.
template <typename Read>
auto read_batch(std::string_view text, const std::string& what, Read read) {
    return read_document(text, what, [&](const json& document, const Place& place) {
        if (!document.is_array()) place.fail("must be a JSON array");
        if (document.size() > kMaxBatchSize) {
            place.fail(std::to_string(document.size()) + " items: at most " + std::to_string(kMaxBatchSize),
                       ErrorCode::limit_exceeded);
        }
        std::vector<decltype(read(document, place))> items;
        items.reserve(document.size());
        for (std::size_t i = 0; i < document.size(); ++i) items.push_back(read(document[i], place.item(i)));
        return items;
    });
}

// A page's "limit", when given, into `limit`: an integer 1..kMaxPageSize.
inline void read_page_limit(const Object& o, std::size_t& limit) {
    if (const json* found = o.find("limit")) {
        const std::int64_t n = Object::as_integer(*found, o.at("limit"));
        if (n < 1 || static_cast<std::uint64_t>(n) > kMaxPageSize) {
            o.at("limit").fail("must be 1.." + std::to_string(kMaxPageSize) + ", not " + std::to_string(n));
        }
        limit = static_cast<std::size_t>(n);
    }
}

// --- writing ------------------------------------------------------------------------------------

// Compact UTF-8; bytes that are not UTF-8 (only a C++ host can store them) become U+FFFD.
inline std::string text_of(const ordered_json& value) {
    return value.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

// JSON text the engine stored (attributes, details), embedded as JSON.
inline ordered_json embedded(const std::string& text, const std::string& what) {
    try {
        return parse_document<ordered_json>(text, what, kMaxDocumentDepth);
    } catch (const Error& e) {
        throw Error(ErrorCode::internal, std::string("stored JSON is unreadable: ") + e.what());
    }
}

inline ordered_json nullable(const std::string& value) {
    return value.empty() ? ordered_json(nullptr) : ordered_json(value);
}
template <typename T>
ordered_json nullable(const std::optional<T>& value) {
    return value ? ordered_json(*value) : ordered_json(nullptr);
}

inline ordered_json breakdown_value_json(const BreakdownValue& value) {
    if (const auto* number = std::get_if<std::int64_t>(&value)) return *number;
    if (const auto* text = std::get_if<std::string>(&value)) return *text;
    return nullptr;
}

// Counts per tier as {tier name: count}, in tier order.
inline ordered_json tier_counts_value(const TierCounts& counts) {
    ordered_json out = ordered_json::object();
    for (int t = 0; t < kTierCount; ++t) out[to_string(static_cast<Tier>(t))] = counts[static_cast<std::size_t>(t)];
    return out;
}

inline ordered_json funnel_report_value(const FunnelReport& report) {
    ordered_json tiers = ordered_json::array();
    for (const auto& count : report.tiers) {
        tiers.push_back({{"tier", to_string(count.tier)}, {"at", count.at}, {"reached", count.reached}});
    }
    ordered_json conversions = ordered_json::array();
    for (const auto& conversion : report.conversions) {
        conversions.push_back(
            {{"from", to_string(conversion.from)}, {"to", to_string(conversion.to)}, {"rate", conversion.rate}});
    }
    return {{"leads", report.leads},
            {"tiers", std::move(tiers)},
            {"conversions", std::move(conversions)},
            {"main_line_conversion", report.main_line_conversion}};
}

inline ordered_json attribution_value(const Attribution& attribution) {
    return {{"source", attribution.source}, {"medium", attribution.medium}, {"campaign", attribution.campaign}};
}

// The items as a JSON array, each written by `write`.
template <typename T, typename Write>
std::string array_text(const std::vector<T>& items, Write write) {
    ordered_json out = ordered_json::array();
    for (const auto& item : items) out.push_back(write(item));
    return text_of(out);
}

}  // namespace leadpool::json_support
