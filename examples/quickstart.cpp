// leadpool quickstart: a factory-led company on an embedded SQLite file.
//
// The boss is the sales director; Ann and Bob are salespeople who each run a sub pool. Leads
// arrive from three channels into the master pool, the boss hands them into the salespeople's
// pools, the salespeople qualify, win and lose deals, and the funnel report shows the result.
//
//   quickstart [database-file]     (default: leadpool-quickstart.db, recreated on each run)
#include <leadpool/leadpool.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

using namespace leadpool;

namespace {

LeadInput lead_from(const std::string& channel, IdentityKind kind, const std::string& value,
                    const std::string& attributes, const std::string& campaign) {
    LeadInput input;
    input.identities = {Identity{kind, value, kind == IdentityKind::wechat_openid ? "wx-mini-shop" : ""}};
    input.channel = channel;
    input.attributes = attributes;
    input.attribution = {channel, "organic", campaign};
    return input;
}

void print_funnel(const FunnelReport& report) {
    std::printf("%-12s %8s %8s\n", "tier", "at now", "reached");
    for (const auto& tier : report.tiers) {
        std::printf("%-12s %8lld %8lld\n", to_string(tier.tier), static_cast<long long>(tier.at),
                    static_cast<long long>(tier.reached));
    }
    for (const auto& step : report.conversions) {
        std::printf("%s -> %s: %.1f%%\n", to_string(step.from), to_string(step.to), 100 * step.rate);
    }
    std::printf("main-line conversion (orders / leads): %.1f%% of %lld leads\n",
                100 * report.main_line_conversion, static_cast<long long>(report.leads));
}

}  // namespace

int main(int argc, char** argv) {
    const std::string path = argc > 1 ? argv[1] : "leadpool-quickstart.db";
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);

    try {
        Engine engine(open_sqlite_store(path));
        engine.initialize(User{"boss", "Wang (director)", "management", {"director"}, true},
                          OrgStage::factory_led);
        engine.add_user("boss", User{"ann", "Ann", "sales", {"salesperson"}, true});
        engine.add_user("boss", User{"bob", "Bob", "sales", {"salesperson"}, true});
        const Pool east = engine.create_pool("boss", PoolSpec{"east", std::nullopt, {"ann"}, {}});
        const Pool west = engine.create_pool("boss", PoolSpec{"west", std::nullopt, {"bob"}, {}});

        // Three channels feed the master pool. The web visitor who later opens the mini program
        // with the same phone number stays one lead.
        std::vector<LeadInput> arrivals = {
            lead_from("web", IdentityKind::phone, "13800000001", R"({"name": "Li", "city": "Hangzhou"})",
                      "spring"),
            lead_from("web", IdentityKind::email, "chen@example.com", R"({"name": "Chen"})", "spring"),
            lead_from("wechat_mini_program", IdentityKind::wechat_openid, "o-7781", R"({"nickname": "Zhou"})",
                      "share"),
            lead_from("shop", IdentityKind::phone, "13800000004", R"({"order_value": 320})", "double11"),
            lead_from("shop", IdentityKind::phone, "13800000005", R"({"name": "Sun"})", "double11"),
            lead_from("web", IdentityKind::phone, "13912345678", R"({"name": "test"})", "spring"),
        };
        std::vector<LeadId> ids;
        for (const auto& result : engine.capture_batch("boss", arrivals)) ids.push_back(result.lead.id);
        LeadInput again = lead_from("wechat_mini_program", IdentityKind::phone, "13800000001",
                                    R"({"company": "Li Tea"})", "share");
        const CaptureResult li = engine.capture("boss", again);
        std::cout << "captured " << ids.size() << " leads; Li seen again on " << li.lead.channels.size()
                  << " channels, still lead " << li.lead.id << "\n";

        // The director drops leads into the salespeople's sub pools.
        using Move = TransitionRequest;
        engine.transition_batch(
            "boss", {Move::distribute(ids[0], east.id, "ann"), Move::distribute(ids[1], east.id, "ann"),
                     Move::distribute(ids[2], west.id, "bob"), Move::distribute(ids[3], west.id, "bob")});
        engine.transition("boss", Move::invalidate(ids[5], "test entry"));

        // The salespeople work their own pools.
        engine.transition("ann", Move::qualify(ids[0]));
        engine.transition("ann", Move::win(ids[0]));
        engine.transition("ann", Move::qualify(ids[1]));
        engine.transition("ann", Move::lose(ids[1], "chose a competitor"));
        engine.transition("bob", Move::qualify(ids[2]));
        engine.transition("bob", Move::win(ids[2]));

        // Ann cannot touch Bob's pool: the policy of the factory-led stage says so.
        try {
            engine.transition("ann", Move::qualify(ids[3]));
        } catch (const Error& error) {
            std::cout << "refused (" << to_string(error.code()) << "): " << error.what() << "\n";
        }

        std::cout << "\nfunnel for the director:\n";
        print_funnel(engine.funnel("boss"));
        std::cout << "\nfunnel as Ann sees it (her pool only):\n";
        print_funnel(engine.funnel("ann"));

        std::cout << "\nhistory of lead " << ids[0] << ":\n";
        for (const auto& entry : engine.history("boss", ids[0])) {
            std::cout << "  " << to_string(entry.action) << " by " << entry.actor << ": "
                      << to_string(entry.from_tier) << " -> " << to_string(entry.to_tier)
                      << (entry.reason.empty() ? "" : " (" + entry.reason + ")") << "\n";
        }
        std::cout << "\ndata kept in " << path << "\n";
    } catch (const Error& error) {
        std::cerr << "leadpool error (" << to_string(error.code()) << "): " << error.what() << "\n";
        return 1;
    }
    return 0;
}
