// An installed-leadpool consumer in C++: memory store, one company, three captures of which two
// name the same person, and the funnel must count two leads in the master pool.
#include <leadpool/leadpool.hpp>

#include <cstdio>
#include <cstring>

using namespace leadpool;

int main() {
    try {
        if (std::strcmp(version(), "") == 0) {
            std::fprintf(stderr, "leadpool::version() is empty\n");
            return 1;
        }
        Engine engine(open_memory_store());
        engine.initialize(User{"boss", "Boss", "management", {"director"}, true}, OrgStage::factory_led);

        LeadInput li;
        li.identities = {Identity{IdentityKind::phone, "13800000001", ""}};
        li.channel = "web";
        LeadInput chen;
        chen.identities = {Identity{IdentityKind::email, "chen@example.com", ""}};
        chen.channel = "shop";
        LeadInput li_again = li;
        li_again.channel = "app";

        engine.capture("boss", li);
        engine.capture("boss", chen);
        const bool created_again = engine.capture("boss", li_again).created;

        const FunnelReport funnel = engine.funnel("boss");
        std::printf("leadpool %s (C++): funnel counts %lld leads\n", version(),
                    static_cast<long long>(funnel.leads));
        const auto at_master = funnel.tiers[static_cast<std::size_t>(Tier::master)].at;
        if (created_again || funnel.leads != 2 || at_master != 2) {
            std::fprintf(stderr, "expected 2 leads in the master pool, got %lld (%lld at master)\n",
                         static_cast<long long>(funnel.leads), static_cast<long long>(at_master));
            return 1;
        }
    } catch (const Error& error) {
        std::fprintf(stderr, "leadpool error (%s): %s\n", to_string(error.code()), error.what());
        return 1;
    }
    return 0;
}
