// Ingestion and merges: channel records, merges and their undoing, events, attribute history,
// and the identity rules.
#include <utility>
#include <vector>

#include "boundary.hpp"

using namespace leadpool;
using namespace leadpool::capi;

namespace {

// Reads the records; parsable ones go to the engine, unparsable ones become "rejected" results
// at their own place (with all_or_nothing, the first one fails the call instead).
std::vector<IngestResult> ingest(Engine& engine, const char* actor, const char* records,
                                 const char* options_json) {
    const UserId who = arg(actor, "actor");
    const std::vector<ParsedRecord> parsed = channel_records_from_json(arg(records, "records"));
    const IngestOptions options = optional_json(options_json, ingest_options_from_json);
    std::vector<ChannelRecord> readable;
    for (const ParsedRecord& item : parsed) {
        if (item.record) {
            readable.push_back(*item.record);
        } else if (options.all_or_nothing) {
            throw *item.error;
        }
    }
    std::vector<IngestResult> written = engine.ingest(who, readable, options);
    std::vector<IngestResult> results;
    results.reserve(parsed.size());
    auto next = written.begin();
    for (const ParsedRecord& item : parsed) {
        if (item.record) {
            results.push_back(std::move(*next++));
            continue;
        }
        IngestResult rejected;
        rejected.outcome = IngestOutcome::rejected;
        rejected.error = item.error->code();
        rejected.reason = item.error->what();
        results.push_back(std::move(rejected));
    }
    return results;
}

std::string optional_text(const char* text) { return text ? std::string(text) : std::string(); }

std::string normalized_json(const char* identity_json, const char* rules_json) {
    const Identity identity = identity_from_json(arg(identity_json, "identity_json"));
    const IdentityRules rules = rules_json ? IdentityRules::from_json(rules_json) : IdentityRules::defaults();
    const Identity normal = normalize_identity(identity, rules);
    nlohmann::ordered_json out = {{"kind", to_string(normal.kind)}, {"value", normal.value}};
    if (!normal.scope.empty()) out["scope"] = normal.scope;
    if (normal.kind == IdentityKind::phone) out["number_type"] = to_string(phone_number_type(normal));
    out["blocked"] = is_blocked(normal, rules);
    return out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace

// --- ingestion and merges -----------------------------------------------------------------------

lp_status lp_lead_ingest(char** out, lp_engine* engine, const char* actor, const char* records,
                         const char* options_json) {
    return returning(out, [&] { return to_json(ingest(handle(engine), actor, records, options_json)); });
}

lp_status lp_lead_merge(char** out, lp_engine* engine, const char* actor, int64_t first, int64_t second,
                        const char* reason) {
    return returning(out, [&] {
        return to_json(handle(engine).merge_leads(arg(actor, "actor"), first, second, optional_text(reason)));
    });
}

lp_status lp_lead_unmerge(char** out, lp_engine* engine, const char* actor, int64_t merge_id,
                          const char* reason) {
    return returning(out, [&] {
        return to_json(handle(engine).unmerge(arg(actor, "actor"), merge_id, optional_text(reason)));
    });
}

lp_status lp_merge_list(char** out, lp_engine* engine, const char* actor, const char* filter_json) {
    return returning(out, [&] {
        return to_json(
            handle(engine).merges(arg(actor, "actor"), optional_json(filter_json, merge_filter_from_json)));
    });
}

lp_status lp_identity_conflict_list(char** out, lp_engine* engine, const char* actor) {
    return returning(out, [&] { return to_json(handle(engine).identity_conflicts(arg(actor, "actor"))); });
}

lp_status lp_merge_page(char** out, lp_engine* engine, const char* actor, const char* filter_json,
                        const char* page_json) {
    return returning(out, [&] {
        return to_json(handle(engine).merges(arg(actor, "actor"), optional_json(filter_json, merge_filter_from_json),
                                             optional_json(page_json, record_page_from_json)));
    });
}

lp_status lp_identity_conflict_page(char** out, lp_engine* engine, const char* actor, const char* filter_json,
                                    const char* page_json) {
    return returning(out, [&] {
        return to_json(handle(engine).identity_conflicts(arg(actor, "actor"),
                                                         optional_json(filter_json, conflict_filter_from_json),
                                                         optional_json(page_json, record_page_from_json)));
    });
}

lp_status lp_identity_conflict_resolve(char** out, lp_engine* engine, const char* actor, int64_t conflict_id,
                                       const char* resolution, const char* reason) {
    return returning(out, [&] {
        const char* name = arg(resolution, "resolution");
        const auto parsed = parse_conflict_resolution(name);
        if (!parsed) {
            throw Error(ErrorCode::invalid_argument,
                        std::string("resolution: unknown resolution '") + name + "' (merge or dismiss)");
        }
        return to_json(handle(engine).resolve_identity_conflict(arg(actor, "actor"), conflict_id, *parsed,
                                                                optional_text(reason)));
    });
}

lp_status lp_lead_events(char** out, lp_engine* engine, const char* actor, int64_t lead_id) {
    return returning(out, [&] { return to_json(handle(engine).events(arg(actor, "actor"), lead_id)); });
}

lp_status lp_lead_attribute_history(char** out, lp_engine* engine, const char* actor, int64_t lead_id,
                                    const char* field) {
    return returning(out, [&] {
        return to_json(handle(engine).attribute_history(arg(actor, "actor"), lead_id, optional_text(field)));
    });
}

// --- identity rules -----------------------------------------------------------------------------

lp_status lp_identity_rules_get(char** out, lp_engine* engine) {
    return returning(out, [&] { return handle(engine).identity_rules().to_json(); });
}

lp_status lp_identity_rules_set(lp_engine* engine, const char* actor, const char* rules_json) {
    return guarded([&] {
        handle(engine).set_identity_rules(arg(actor, "actor"),
                                          IdentityRules::from_json(arg(rules_json, "rules_json")));
    });
}

lp_status lp_identity_rules_replace(char** out, lp_engine* engine, const char* actor,
                                    const char* rules_json) {
    return returning(out, [&] {
        return to_json(handle(engine).set_identity_rules(
            arg(actor, "actor"), IdentityRules::from_json(arg(rules_json, "rules_json"))));
    });
}

lp_status lp_identity_normalize(char** out, const char* identity_json, const char* rules_json) {
    return returning(out, [&] { return normalized_json(identity_json, rules_json); });
}
