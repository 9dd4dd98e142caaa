#include "lead_group.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "leadpool/error.hpp"
#include "leadpool/limits.hpp"

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
        if (!(row.attribution == Attribution{})) out.last_attribution = row.attribution;
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


void no_such_lead(LeadId id) { throw Error(ErrorCode::not_found, "no lead " + std::to_string(id)); }

Lead resolved_lead(StoreReader& store, LeadId id) {
    auto lead = store.lead(id);
    if (!lead) no_such_lead(id);
    // Merges form a forest, so the chain ends; the bound keeps a damaged store from looping.
    for (int hops = 0; lead->merged_into != 0; ++hops) {
        auto next = store.lead(lead->merged_into);
        if (!next || hops > 1000) {
            throw Error(ErrorCode::storage, "lead " + std::to_string(id) + " is merged into a missing lead");
        }
        lead = std::move(next);
    }
    return *lead;
}

std::vector<LeadId> group_of(StoreReader& store, LeadId root) {
    std::vector<LeadId> group = {root};
    for (std::size_t i = 0; i < group.size(); ++i) {
        for (LeadId absorbed : store.absorbed_into(group[i])) group.push_back(absorbed);
    }
    std::sort(group.begin() + 1, group.end());
    return group;
}

std::vector<HistoryEntry> group_history(StoreReader& store, const std::vector<LeadId>& group) {
    std::vector<HistoryEntry> out;
    for (LeadId id : group) {
        auto rows = store.history(id);
        out.insert(out.end(), std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
    }
    if (group.size() > 1) {
        std::sort(out.begin(), out.end(),
                  [](const HistoryEntry& a, const HistoryEntry& b) { return a.seq < b.seq; });
    }
    return out;
}

std::vector<DataRow> group_data(StoreReader& store, const std::vector<LeadId>& group) {
    std::vector<DataRow> out;
    for (const HistoryEntry& entry : group_history(store, group)) {
        if (auto row = data_row(entry)) out.push_back(std::move(*row));
    }
    return out;
}

std::vector<LeadId> joined_group(StoreReader& store, LeadId root, const std::vector<Lead>& others) {
    std::vector<LeadId> group = group_of(store, root);
    for (const Lead& other : others) {
        for (LeadId id : group_of(store, other.id)) group.push_back(id);
    }
    return group;
}

std::vector<LeadEvent> group_events(StoreReader& store, const std::vector<LeadId>& group) {
    std::vector<LeadEvent> out;
    for (LeadId member : group) {
        auto events = store.events(member);
        out.insert(out.end(), events.begin(), events.end());
    }
    std::sort(out.begin(), out.end(), [](const LeadEvent& a, const LeadEvent& b) {
        return a.at != b.at ? a.at < b.at : a.seq < b.seq;
    });
    return out;
}

void refold(StoreReader& store, Lead& lead, const std::vector<LeadId>& group,
            const std::vector<DataRow>& pending) {
    std::vector<DataRow> rows = group_data(store, group);
    rows.insert(rows.end(), pending.begin(), pending.end());
    FoldedData data = fold(std::move(rows));
    if (data.attributes.size() > kMaxAttributesBytes) {
        throw Error(ErrorCode::limit_exceeded, "attributes: the merged attributes would be larger than " +
                                                   std::to_string(kMaxAttributesBytes) + " bytes");
    }
    lead.attributes = std::move(data.attributes);
    lead.tags = std::move(data.tags);
    if (std::find(data.channels.begin(), data.channels.end(), lead.channel) == data.channels.end()) {
        data.channels.insert(data.channels.begin(), lead.channel);
    }
    lead.channels = std::move(data.channels);
    if (!(data.attribution == Attribution{})) lead.attribution = data.attribution;
    // A lead with a first touch has a last one: its first, when no row of its group says more.
    lead.last_attribution = data.last_attribution == Attribution{} ? lead.attribution : data.last_attribution;
    lead.last_seen_at = data.last_seen_at;
}

}  // namespace leadpool::detail
