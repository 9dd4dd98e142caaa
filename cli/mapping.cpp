#include "mapping.hpp"

#include <leadpool/identity.hpp>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "exit_codes.hpp"
#include "time_text.hpp"

namespace leadpool::cli {
namespace {

std::string trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const auto end = text.find(separator, start);
        std::string part = trim(std::string_view(text).substr(start, end == std::string::npos ? end : end - start));
        if (!part.empty()) parts.push_back(std::move(part));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return parts;
}

bool single_valued(Mapping::Kind kind) {
    using K = Mapping::Kind;
    return kind == K::channel || kind == K::record_id || kind == K::source || kind == K::medium ||
           kind == K::campaign || kind == K::occurred_at || kind == K::region;
}

// (target, column) pairs of --map and --mapping.
std::vector<std::pair<std::string, std::string>> requested_pairs(const MappingOptions& options) {
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const std::string& pair : options.pairs) {
        const auto eq = pair.find('=');
        if (eq == std::string::npos) throw UsageError("--map " + pair + ": write TARGET=COLUMN, e.g. phone=手机号");
        std::string left = trim(std::string_view(pair).substr(0, eq));
        std::string right = trim(std::string_view(pair).substr(eq + 1));
        // TARGET=COLUMN; COLUMN=TARGET is taken when only the right side names a target.
        if (!Mapping::parse_target(left) && Mapping::parse_target(right)) std::swap(left, right);
        pairs.emplace_back(std::move(left), std::move(right));
    }
    if (!options.file.empty()) {
        std::ifstream in(options.file);
        if (!in) throw UsageError("--mapping " + options.file + ": cannot be read");
        nlohmann::json doc;
        try {
            doc = nlohmann::json::parse(in);
        } catch (const nlohmann::json::exception& e) {
            throw UsageError("--mapping " + options.file + ": not JSON: " + e.what());
        }
        if (!doc.is_object()) throw UsageError("--mapping " + options.file + ": must be a JSON object {\"TARGET\": \"COLUMN\"}");
        for (const auto& [target, columns] : doc.items()) {
            if (columns.is_string()) {
                pairs.emplace_back(target, columns.get<std::string>());
            } else if (columns.is_array()) {
                for (const auto& column : columns) {
                    if (!column.is_string()) throw UsageError("--mapping " + options.file + ": " + target + ": columns are strings");
                    pairs.emplace_back(target, column.get<std::string>());
                }
            } else {
                throw UsageError("--mapping " + options.file + ": " + target + ": a column name or a list of them");
            }
        }
    }
    return pairs;
}

}  // namespace

std::optional<Mapping::Rule> Mapping::parse_target(const std::string& target) {
    Rule rule;
    rule.target = target;
    static const std::pair<const char*, Kind> kPlain[] = {
        {"channel", Kind::channel},         {"record_id", Kind::record_id},
        {"tags", Kind::tags},               {"source", Kind::source},
        {"medium", Kind::medium},           {"campaign", Kind::campaign},
        {"attribution.source", Kind::source}, {"attribution.medium", Kind::medium},
        {"attribution.campaign", Kind::campaign}, {"occurred_at", Kind::occurred_at},
        {"region", Kind::region},           {"attributes", Kind::attributes_json}};
    for (const auto& [name, kind] : kPlain) {
        if (target == name) return rule.kind = kind, rule;
    }
    if (target.rfind("attributes.", 0) == 0) {
        rule.kind = Kind::attribute;
        rule.path = split(target.substr(11), '.');
        if (rule.path.empty()) return std::nullopt;
        return rule;
    }
    const auto colon = target.find(':');
    const auto kind = parse_identity_kind(target.substr(0, colon));
    if (!kind) return std::nullopt;
    rule.kind = Kind::identity;
    rule.identity = *kind;
    if (colon != std::string::npos) {
        if (!identity_kind_is_scoped(*kind)) return std::nullopt;
        rule.scope = trim(std::string_view(target).substr(colon + 1));
        if (rule.scope->empty()) return std::nullopt;
    }
    return rule;
}

Mapping Mapping::bind(const MappingOptions& options, const std::vector<std::string>& raw_header) {
    std::vector<std::string> header;
    for (const std::string& name : raw_header) header.push_back(trim(name));
    auto column_index = [&](const std::string& column) -> std::optional<std::size_t> {
        for (std::size_t i = 0; i < header.size(); ++i) {
            if (header[i] == trim(column)) return i;
        }
        return std::nullopt;
    };

    Mapping mapping;
    mapping.channel_ = options.channel;
    mapping.separator_ = options.list_separator;
    mapping.columns_ = header.size();
    std::set<std::size_t> used;
    auto add = [&](Rule rule) {
        if (single_valued(rule.kind)) {
            for (const Rule& other : mapping.rules_) {
                if (other.kind == rule.kind) {
                    throw UsageError("the mapping names two columns for " + rule.target + ": '" + other.column +
                                     "' and '" + rule.column + "'");
                }
            }
        }
        used.insert(rule.index);
        mapping.rules_.push_back(std::move(rule));
    };

    for (const auto& [target, column] : requested_pairs(options)) {
        auto rule = parse_target(target);
        if (!rule) {
            throw UsageError("mapping " + target + "=" + column +
                             ": unknown target '" + target + "' (phone, email, wechat_unionid, wechat_openid[:APP], "
                             "device_id, external_id[:SOURCE], attributes.NAME, attributes, channel, record_id, tags, "
                             "source, medium, campaign, occurred_at, region)");
        }
        const auto index = column_index(column);
        if (!index) {
            std::string columns;
            for (const std::string& name : header) columns += (columns.empty() ? "" : ", ") + name;
            throw UsageError("mapping " + target + "=" + column + ": the file has no column '" + column +
                             "' (its columns: " + columns + ")");
        }
        rule->column = header[*index];
        rule->index = *index;
        add(std::move(*rule));
    }
    // Columns named like a target map to it; with unmapped_to_attributes, the rest to attributes.
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (used.count(i) || header[i].empty()) continue;
        if (options.auto_map) {
            if (auto rule = parse_target(header[i])) {
                const bool taken = single_valued(rule->kind) &&
                                   std::any_of(mapping.rules_.begin(), mapping.rules_.end(),
                                               [&](const Rule& r) { return r.kind == rule->kind; });
                if (!taken) {
                    rule->column = header[i];
                    rule->index = i;
                    add(std::move(*rule));
                    continue;
                }
            }
        }
        if (options.unmapped_to_attributes) {
            Rule rule;
            rule.kind = Kind::attribute;
            rule.path = {header[i]};
            rule.target = "attributes." + header[i];
            rule.column = header[i];
            rule.index = i;
            add(std::move(rule));
        }
    }

    const bool has_identity = std::any_of(mapping.rules_.begin(), mapping.rules_.end(),
                                          [](const Rule& r) { return r.kind == Kind::identity; });
    if (!has_identity) {
        throw UsageError("no column is mapped to an identity: map one with --map, e.g. phone=手机号 or email=E-mail");
    }
    const bool has_channel = std::any_of(mapping.rules_.begin(), mapping.rules_.end(),
                                         [](const Rule& r) { return r.kind == Kind::channel; });
    if (!has_channel && options.channel.empty()) {
        throw UsageError("no channel: map a channel column (--map channel=COLUMN) or name one with --channel");
    }
    return mapping;
}

ChannelRecord Mapping::record(const CsvRow& row) const {
    if (row.fields.size() != columns_) {
        throw RowError{std::to_string(row.fields.size()) + " fields where the header has " + std::to_string(columns_)};
    }
    ChannelRecord record;
    nlohmann::json attributes = nlohmann::json::object();
    bool has_attributes = false;
    // The JSON-object column first, so named attribute columns win over it.
    for (const Rule& rule : rules_) {
        if (rule.kind != Kind::attributes_json) continue;
        const std::string cell = trim(row.fields[rule.index]);
        if (cell.empty()) continue;
        nlohmann::json object = nlohmann::json::parse(cell, nullptr, false);
        if (!object.is_object()) throw RowError{"column '" + rule.column + "': not a JSON object"};
        attributes.update(object);
        has_attributes = true;
    }
    for (const Rule& rule : rules_) {
        const std::string& raw = row.fields[rule.index];
        switch (rule.kind) {
        case Kind::identity:
            for (std::string value : split(raw, separator_)) {
                Identity identity{rule.identity, std::move(value), rule.scope.value_or("")};
                if (identity_kind_is_scoped(rule.identity) && !rule.scope) {
                    const auto colon = identity.value.find(':');
                    if (colon == std::string::npos) {
                        throw RowError{"column '" + rule.column + "': '" + identity.value + "' has no scope: write SCOPE:VALUE or map " +
                                       rule.target + ":SCOPE=" + rule.column};
                    }
                    identity.scope = identity.value.substr(0, colon);
                    identity.value.erase(0, colon + 1);
                }
                record.identities.push_back(std::move(identity));
            }
            break;
        case Kind::attribute: {
            std::string value = trim(raw);
            if (value.empty()) break;
            nlohmann::json* node = &attributes;
            for (std::size_t i = 0; i + 1 < rule.path.size(); ++i) {
                nlohmann::json& child = (*node)[rule.path[i]];
                if (!child.is_object()) child = nlohmann::json::object();
                node = &child;
            }
            (*node)[rule.path.back()] = std::move(value);
            has_attributes = true;
            break;
        }
        case Kind::attributes_json:
            break;
        case Kind::channel:
            record.channel = trim(raw);
            break;
        case Kind::record_id:
            record.record_id = trim(raw);
            break;
        case Kind::tags:
            for (std::string tag : split(raw, separator_)) record.tags.push_back(std::move(tag));
            break;
        case Kind::source:
            record.attribution.source = trim(raw);
            break;
        case Kind::medium:
            record.attribution.medium = trim(raw);
            break;
        case Kind::campaign:
            record.attribution.campaign = trim(raw);
            break;
        case Kind::occurred_at: {
            const std::string value = trim(raw);
            if (value.empty()) break;
            record.occurred_at = parse_time(value);
            if (!record.occurred_at) {
                throw RowError{"column '" + rule.column + "': '" + value +
                               "' is not a time (ISO 8601, e.g. 2026-03-01T09:30:00+08:00, or ms since the epoch)"};
            }
            break;
        }
        case Kind::region:
            record.region = trim(raw);
            break;
        }
    }
    if (record.channel.empty()) record.channel = channel_;
    if (record.channel.empty()) throw RowError{"no channel: the channel column is empty and no --channel was given"};
    if (has_attributes) record.attributes = attributes.dump();
    return record;
}

std::string Mapping::describe() const {
    std::ostringstream out;
    for (std::size_t i = 0; i < rules_.size(); ++i) {
        out << (i ? ", " : "") << rules_[i].column << " → " << rules_[i].target;
    }
    if (!channel_.empty()) out << (rules_.empty() ? "" : ", ") << "channel " << channel_;
    return out.str();
}

}  // namespace leadpool::cli
