#include "lead_fold.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace leadpool::detail {
namespace {

using nlohmann::json;

std::vector<std::string> strings_at(const json& detail, const char* key) {
    std::vector<std::string> out;
    auto it = detail.find(key);
    if (it != detail.end() && it->is_array()) {
        for (const auto& value : *it) {
            if (value.is_string()) out.push_back(value.get<std::string>());
        }
    }
    return out;
}

std::string string_at(const json& object, const char* key) {
    auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void in_order(std::vector<DataRow>& rows) {
    std::stable_sort(rows.begin(), rows.end(), [](const DataRow& a, const DataRow& b) {
        if (a.occurred_at != b.occurred_at) return a.occurred_at < b.occurred_at;
        if ((a.seq == 0) != (b.seq == 0)) return b.seq == 0;  // unwritten rows come last
        return a.seq < b.seq;
    });
}

}  // namespace

std::optional<DataRow> data_row(const HistoryEntry& entry) {
    if (entry.action != Action::capture && entry.action != Action::update) return std::nullopt;
    const json detail = json::parse(entry.detail, nullptr, /*allow_exceptions=*/false);
    if (!detail.is_object()) return std::nullopt;
    DataRow row;
    row.seq = entry.seq;
    row.lead = entry.lead;
    row.actor = entry.actor;
    row.occurred_at = detail.value("occurred_at", entry.at);
    row.channel = string_at(detail, "channel");
    auto attributes = detail.find("attributes");
    row.attributes = attributes != detail.end() && attributes->is_object() ? attributes->dump() : "{}";
    row.add_tags = strings_at(detail, entry.action == Action::capture ? "tags" : "add_tags");
    row.remove_tags = strings_at(detail, "remove_tags");
    auto attribution = detail.find("attribution");
    if (attribution != detail.end() && attribution->is_object()) {
        row.attribution = {string_at(*attribution, "source"), string_at(*attribution, "medium"),
                           string_at(*attribution, "campaign")};
    }
    return row;
}

FoldedData fold(std::vector<DataRow> rows) {
    in_order(rows);
    FoldedData out;
    json attributes = json::object();
    for (const DataRow& row : rows) {
        attributes.update(json::parse(row.attributes), /*merge_objects=*/true);
        for (const auto& tag : row.add_tags) out.tags.push_back(tag);
        std::sort(out.tags.begin(), out.tags.end());
        out.tags.erase(std::unique(out.tags.begin(), out.tags.end()), out.tags.end());
        for (const auto& tag : row.remove_tags) {
            out.tags.erase(std::remove(out.tags.begin(), out.tags.end(), tag), out.tags.end());
        }
        if (!row.channel.empty() &&
            std::find(out.channels.begin(), out.channels.end(), row.channel) == out.channels.end()) {
            out.channels.push_back(row.channel);
        }
        if (out.attribution == Attribution{}) out.attribution = row.attribution;
        out.last_seen_at = std::max(out.last_seen_at, row.occurred_at);
    }
    out.attributes = attributes.dump();
    return out;
}

std::vector<AttributeValue> attribute_values(std::vector<DataRow> rows, const std::string& field) {
    in_order(rows);
    std::vector<AttributeValue> out;
    for (const DataRow& row : rows) {
        const json attributes = json::parse(row.attributes);
        for (auto it = attributes.begin(); it != attributes.end(); ++it) {
            if (!field.empty() && it.key() != field) continue;
            out.push_back(
                {it.key(), it.value().dump(), row.channel, row.actor, row.occurred_at, row.lead, row.seq});
        }
    }
    return out;
}

}  // namespace leadpool::detail
