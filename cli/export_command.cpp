// leadpool export leads | history | changes: what the actor may see, through the engine's reads.
#include <CLI/CLI.hpp>
#include <leadpool/json.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "csv_writer.hpp"
#include "exit_codes.hpp"
#include "lead_list_options.hpp"
#include "session.hpp"
#include "time_text.hpp"

namespace leadpool::cli {
namespace {

const std::vector<std::string> kDefaultLeadColumns = {
    "id",     "phone", "email",  "wechat_unionid", "wechat_openid", "device_id", "external_id",
    "channel", "tags", "source", "medium",         "campaign",      "tier",      "pool",
    "owner",  "created_at", "attributes"};

struct ExportOptions {
    std::string output;  // -o; empty: stdout
    std::string format;  // csv, jsonl, records; empty: by the output's extension, else csv
    std::vector<std::string> columns;
    std::string separator = "|";
    LeadListOptions list;  // which leads (leads and history), in which order (leads)
    std::vector<LeadId> leads;
    // Changes.
    std::int64_t since = 0;
    std::string consumer;
    std::vector<std::string> kinds;
};

// The output stream: the file named, or stdout.
class Output {
public:
    explicit Output(const std::string& path) {
        if (path.empty() || path == "-") return;
        file_ = std::make_unique<std::ofstream>(path, std::ios::binary);
        if (!*file_) throw UsageError("-o " + path + ": cannot be written");
    }
    std::ostream& stream() { return file_ ? *file_ : std::cout; }

private:
    std::unique_ptr<std::ofstream> file_;
};

std::string format_of(const ExportOptions& options) {
    if (!options.format.empty()) return options.format;
    const std::string ext = std::filesystem::path(options.output).extension().string();
    return ext == ".jsonl" || ext == ".ndjson" ? "jsonl" : "csv";
}

// The one element of a JSON array the library wrote for a single item: its object text.
template <typename T>
std::string object_json(const T& item) {
    const std::string array = to_json(std::vector<T>{item});
    return array.substr(1, array.size() - 2);
}

// Calls `each` with every lead the filter (or the list of ids) names and the actor may read.
void for_each_lead(Session& session, const ExportOptions& options, const std::function<void(const Lead&)>& each) {
    if (options.leads.empty()) return for_each_listed_lead(session, options.list, each);
    for (const LeadId id : options.leads) each(session.engine().lead(session.as(), id));
}

std::string identity_cell(const Lead& lead, IdentityKind kind, const std::string& separator) {
    std::string cell;
    for (const Identity& identity : lead.identities) {
        if (identity.kind != kind) continue;
        if (!cell.empty()) cell += separator;
        cell += identity.scope.empty() ? identity.value : identity.scope + ":" + identity.value;
    }
    return cell;
}

std::string attribute_cell(const nlohmann::json& attributes, const std::string& path) {
    const nlohmann::json* node = &attributes;
    std::size_t start = 0;
    while (true) {
        const auto dot = path.find('.', start);
        const std::string key = path.substr(start, dot == std::string::npos ? dot : dot - start);
        if (!node->is_object() || !node->contains(key)) return {};
        node = &(*node)[key];
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return node->is_string() ? node->get<std::string>() : node->dump();
}

// A column of the leads CSV: its name and how to fill it.
using LeadCell = std::function<std::string(const Lead&, const nlohmann::json& attributes)>;

LeadCell lead_cell(const std::string& column, const ExportOptions& options, const std::map<PoolId, std::string>& pools) {
    const std::string sep = options.separator;
    auto joined = [sep](const std::vector<std::string>& items) {
        std::string text;
        for (const auto& item : items) text += (text.empty() ? "" : sep) + item;
        return text;
    };
    if (column == "id") return [](const Lead& l, const auto&) { return std::to_string(l.id); };
    if (const auto kind = parse_identity_kind(column)) {
        return [kind = *kind, sep](const Lead& l, const auto&) { return identity_cell(l, kind, sep); };
    }
    if (column == "channel") return [](const Lead& l, const auto&) { return l.channel; };
    if (column == "channels") return [joined](const Lead& l, const auto&) { return joined(l.channels); };
    if (column == "tags") return [joined](const Lead& l, const auto&) { return joined(l.tags); };
    if (column == "source") return [](const Lead& l, const auto&) { return l.attribution.source; };
    if (column == "medium") return [](const Lead& l, const auto&) { return l.attribution.medium; };
    if (column == "campaign") return [](const Lead& l, const auto&) { return l.attribution.campaign; };
    if (column == "tier") return [](const Lead& l, const auto&) { return std::string(to_string(l.tier)); };
    if (column == "pool") {
        return [&pools](const Lead& l, const auto&) {
            const auto it = pools.find(l.pool);
            return it == pools.end() ? std::to_string(l.pool) : it->second;
        };
    }
    if (column == "pool_id") return [](const Lead& l, const auto&) { return std::to_string(l.pool); };
    if (column == "owner") return [](const Lead& l, const auto&) { return l.owner; };
    if (column == "created_at") return [](const Lead& l, const auto&) { return format_time(l.created_at); };
    if (column == "updated_at") return [](const Lead& l, const auto&) { return format_time(l.updated_at); };
    if (column == "last_activity_at") return [](const Lead& l, const auto&) { return format_time(l.last_activity_at); };
    if (column == "last_seen_at") return [](const Lead& l, const auto&) { return format_time(l.last_seen_at); };
    if (column == "version") return [](const Lead& l, const auto&) { return std::to_string(l.version); };
    if (column == "attributes") return [](const Lead& l, const auto&) { return l.attributes; };
    if (column.rfind("attributes.", 0) == 0 && column.size() > 11) {
        return [path = column.substr(11)](const Lead&, const nlohmann::json& a) { return attribute_cell(a, path); };
    }
    throw UsageError("--columns: unknown column '" + column +
                     "' (id, phone, email, wechat_unionid, wechat_openid, device_id, external_id, channel, channels, "
                     "tags, source, medium, campaign, tier, pool, pool_id, owner, created_at, updated_at, "
                     "last_activity_at, last_seen_at, version, attributes, attributes.NAME)");
}

// A lead as the ingest record that makes it again (docs/json.md ChannelRecord).
std::string record_json(const Lead& lead) {
    nlohmann::json identities = nlohmann::json::array();
    for (const Identity& identity : lead.identities) {
        nlohmann::json item = {{"kind", to_string(identity.kind)}, {"value", identity.value}};
        if (!identity.scope.empty()) item["scope"] = identity.scope;
        identities.push_back(std::move(item));
    }
    nlohmann::json record = {{"channel", lead.channel},
                             {"record_id", "lead-" + std::to_string(lead.id)},
                             {"occurred_at", lead.last_seen_at},
                             {"identities", std::move(identities)},
                             {"attributes", nlohmann::json::parse(lead.attributes)},
                             {"attribution",
                              {{"source", lead.attribution.source},
                               {"medium", lead.attribution.medium},
                               {"campaign", lead.attribution.campaign}}},
                             {"tags", lead.tags}};
    return record.dump();
}

int export_leads(Session& session, const ExportOptions& options) {
    const std::string format = format_of(options);
    Output output(options.output);
    std::ostream& out = output.stream();
    if (format == "jsonl") {
        for_each_lead(session, options, [&](const Lead& lead) { out << to_json(lead) << '\n'; });
    } else if (format == "records") {
        for_each_lead(session, options, [&](const Lead& lead) { out << record_json(lead) << '\n'; });
    } else {
        std::map<PoolId, std::string> pools;
        for (const Pool& pool : session.engine().pools(session.as())) pools[pool.id] = pool.name;
        const std::vector<std::string> columns = options.columns.empty() ? kDefaultLeadColumns : options.columns;
        std::vector<LeadCell> cells;
        bool needs_attributes = false;
        for (const std::string& column : columns) {
            cells.push_back(lead_cell(column, options, pools));
            needs_attributes |= column.rfind("attributes.", 0) == 0;
        }
        write_csv_row(out, columns);
        std::vector<std::string> row(columns.size());
        for_each_lead(session, options, [&](const Lead& lead) {
            const nlohmann::json attributes =
                needs_attributes ? nlohmann::json::parse(lead.attributes) : nlohmann::json::object();
            for (std::size_t i = 0; i < cells.size(); ++i) row[i] = cells[i](lead, attributes);
            write_csv_row(out, row);
        });
    }
    return kExitOk;
}

int export_history(Session& session, const ExportOptions& options) {
    const std::string format = format_of(options);
    Output output(options.output);
    std::ostream& out = output.stream();
    if (format != "jsonl") {
        write_csv_row(out, {"seq", "lead", "action", "actor", "at", "from_tier", "from_pool", "from_owner", "to_tier",
                            "to_pool", "to_owner", "reason", "detail"});
    }
    Engine& engine = session.engine();
    for_each_lead(session, options, [&](const Lead& lead) {
        for (const HistoryEntry& entry : engine.history(session.as(), lead.id)) {
            if (format == "jsonl") {
                out << object_json(entry) << '\n';
                continue;
            }
            write_csv_row(out, {std::to_string(entry.seq), std::to_string(entry.lead), to_string(entry.action),
                                entry.actor, format_time(entry.at), to_string(entry.from_tier),
                                std::to_string(entry.from_pool), entry.from_owner, to_string(entry.to_tier),
                                std::to_string(entry.to_pool), entry.to_owner, entry.reason, entry.detail});
        }
    });
    return kExitOk;
}

int export_changes(Session& session, const ExportOptions& options) {
    const std::string format = format_of(options);
    Output output(options.output);
    std::ostream& out = output.stream();
    if (format != "jsonl") {
        write_csv_row(out, {"seq", "at", "actor", "subject", "kind", "lead", "object", "before_tier", "before_pool",
                            "before_owner", "after_tier", "after_pool", "after_owner", "version", "reason", "detail"});
    }
    ChangeQuery query;
    query.since = options.since;
    if (!options.consumer.empty()) query.consumer = options.consumer;
    query.limit = kMaxPageSize;
    query.filter.kinds = options.kinds;
    if (!options.list.pool.empty()) {
        query.filter.pool = find_pool(session.engine(), session.as(), options.list.pool).id;
    }
    if (!options.list.owner.empty()) query.filter.owner = options.list.owner;
    while (true) {
        const ChangePage page = session.engine().changes(session.as(), query);
        for (const Change& c : page.changes) {
            if (format == "jsonl") {
                out << object_json(c) << '\n';
                continue;
            }
            write_csv_row(out, {std::to_string(c.seq), format_time(c.at), c.actor, to_string(c.subject), c.kind,
                                c.lead ? std::to_string(c.lead) : "", c.object, to_string(c.before.tier),
                                std::to_string(c.before.pool), c.before.owner, to_string(c.after.tier),
                                std::to_string(c.after.pool), c.after.owner, std::to_string(c.version), c.reason,
                                c.detail});
        }
        if (page.next >= page.last) break;
        query.consumer.reset();
        query.since = page.next;
    }
    return kExitOk;
}

}  // namespace

void add_export_command(CLI::App& app, Session& session, int& result) {
    CLI::App* cmd = app.add_subcommand("export", "export leads, history or the change feed, as the actor sees them");
    cmd->require_subcommand(1);
    auto options = std::make_shared<ExportOptions>();
    auto common = [&](CLI::App* sub, const std::string& formats) {
        sub->add_option("-o,--output", options->output, "the file to write (default: stdout)");
        sub->add_option("--format", options->format, formats + " (default: by -o's extension, else csv)");
    };

    CLI::App* leads = cmd->add_subcommand("leads", "the leads: CSV, JSON Lines of leads, or ingest records");
    common(leads, "csv, jsonl (the Lead shape) or records (the ingest record shape: import makes them again)");
    leads->add_option("--columns", options->columns, "CSV columns, comma-separated (attributes.NAME for one)")
        ->delimiter(',');
    leads->add_option("--separator", options->separator, "between several values in a cell")->capture_default_str();
    add_lead_filter_flags(leads, options->list);
    add_lead_sort_flags(leads, options->list);
    leads->add_option("--lead", options->leads, "only these leads (ids)")->delimiter(',');
    leads->callback([&session, &result, options] {
        if (!options->format.empty() && options->format != "csv" && options->format != "jsonl" &&
            options->format != "records") {
            throw UsageError("--format: csv, jsonl or records");
        }
        result = export_leads(session, *options);
    });

    CLI::App* history = cmd->add_subcommand("history", "the history rows of the leads");
    common(history, "csv or jsonl (the HistoryEntry shape)");
    add_lead_filter_flags(history, options->list);
    history->add_option("--lead", options->leads, "only these leads (ids)")->delimiter(',');
    history->callback([&session, &result, options] { result = export_history(session, *options); });

    CLI::App* changes = cmd->add_subcommand("changes", "the change feed");
    common(changes, "csv or jsonl (the Change shape)");
    changes->add_option("--since", options->since, "the changes after this sequence number");
    changes->add_option("--consumer", options->consumer, "after this consumer's position");
    changes->add_option("--kinds", options->kinds, "only these kinds, comma-separated")->delimiter(',');
    changes->add_option("--pool", options->list.pool, "only changes of leads in this pool (name or id)");
    changes->add_option("--owner", options->list.owner, "only changes of leads this user held");
    changes->callback([&session, &result, options] { result = export_changes(session, *options); });
}

}  // namespace leadpool::cli
