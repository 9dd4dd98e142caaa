// The worker side: a small company whose leads are captured, updated, moved, merged and split
// again at random, followed up, and worked as opportunities through any of their ids, merged or
// not. Each kind of operation is one row of kOperations.
#include <unistd.h>
#include <leadpool/leadpool.hpp>

#include <algorithm>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "crash.hpp"

namespace leadpool::crash {
namespace {

constexpr const char* kBoss = "boss";

class Worker {
public:
    Worker(const std::string& file, std::uint64_t seed) : engine_(open_sqlite_store(file)), random_(seed) {
        set_up();
        PageRequest page;
        page.limit = kMaxPageSize;
        for (;;) {
            const LeadPage found = engine_.leads(kBoss, {}, page);
            for (const Lead& lead : found.leads) leads_.push_back(lead.id);
            if (!found.next_after) break;
            page.after = *found.next_after;
        }
        prefix_ = std::to_string(seed) + "-";
    }

    Engine& engine() { return engine_; }
    std::mt19937_64& random() { return random_; }
    std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(random_); }
    bool has_leads() const { return !leads_.empty(); }
    LeadId some_lead() { return leads_[pick(leads_.size())]; }
    PoolId some_pool() { return pools_[pick(pools_.size())]; }

    // An e-mail address no lead has yet: the seed is unique per worker, the counter per operation.
    LeadInput new_input() {
        LeadInput input;
        input.identities = {
            Identity{IdentityKind::email, prefix_ + std::to_string(counter_++) + "@example.com", ""}};
        input.channel = pick(2) ? "web" : "shop";
        input.attributes = R"({"n": )" + std::to_string(counter_) + "}";
        return input;
    }

    // Acknowledges a committed change of `lead`; `what` is the address a capture brought or the
    // tag an update added.
    void ack(const char* kind, const Lead& lead, const std::string& what = "") {
        std::string line =
            std::string(kind) + " " + std::to_string(lead.id) + " " + std::to_string(lead.version);
        if (!what.empty()) line += " " + what;
        say(line);
    }
    // Acknowledges a committed merge: "merge <merge> <survivor> <version> <absorbed>".
    void ack_merge(const MergeRecord& merge, const Lead& survivor) {
        say("merge " + std::to_string(merge.id) + " " + std::to_string(survivor.id) + " " +
            std::to_string(survivor.version) + " " + std::to_string(merge.absorbed));
    }
    // Acknowledges a committed unmerge: "unmerge <merge> <restored> <version>".
    void ack_unmerge(MergeId merge, const Lead& restored) {
        say("unmerge " + std::to_string(merge) + " " + std::to_string(restored.id) + " " +
            std::to_string(restored.version));
    }
    // Acknowledges the feed consumer's committed position: "feed <seq>".
    void ack_feed(std::int64_t seq) { say("feed " + std::to_string(seq)); }
    // Acknowledges a committed user ("user") or sub pool ("pool") of that name.
    void ack_named(const char* kind, const std::string& name) { say(std::string(kind) + " " + name); }
    std::string new_name(const char* what) { return prefix_ + what + "-" + std::to_string(counter_++); }
    PoolId east() const { return pools_[0]; }
    // The fresh address the input brought is acknowledged only where the lead took it: an
    // identity rule may leave it out of a merged lead.
    void captured(const CaptureResult& result, const LeadInput& input) {
        if (result.created) leads_.push_back(result.lead.id);
        const Identity& address = input.identities.front();
        const auto& held = result.lead.identities;
        const bool taken = std::find(held.begin(), held.end(), address) != held.end();
        ack("capture", result.lead, taken ? address.value : "");
        for (LeadId absorbed : result.absorbed) {
            MergeFilter filter;
            filter.lead = absorbed;
            filter.include_unmerged = false;
            for (const MergeRecord& merge : engine_.merges(kBoss, filter)) {
                if (merge.absorbed == absorbed) ack_merge(merge, result.lead);
            }
        }
    }

    // The move that fits where the lead is now, with a pool and owner that fit the move.
    TransitionRequest next_move(const Lead& lead) {
        const PoolId pool = some_pool();
        const UserId owner = pool == pools_[0] ? "ann" : "bob";
        switch (lead.tier) {
            case Tier::master: return TransitionRequest::distribute(lead.id, pool, owner);
            case Tier::sub: {
                const std::size_t choice = pick(4);
                if (choice == 0) return TransitionRequest::return_to_master(lead.id, "back");
                if (choice == 1) {  // to the other pool: a transfer must change something
                    const bool east = lead.pool == pools_[0];
                    return TransitionRequest::transfer(lead.id, pools_[east ? 1 : 0], east ? "bob" : "ann");
                }
                if (choice == 2) return TransitionRequest::invalidate(lead.id, "junk");
                return TransitionRequest::qualify(lead.id);
            }
            case Tier::opportunity:
                return pick(2) ? TransitionRequest::win(lead.id) : TransitionRequest::lose(lead.id, "price");
            case Tier::order: return TransitionRequest::invalidate(lead.id, "refund");
            case Tier::lost: return TransitionRequest::reactivate(lead.id, pool, owner);
            case Tier::invalid: return TransitionRequest::restore(lead.id);
        }
        return TransitionRequest::restore(lead.id);
    }

private:
    static void say(std::string line) {
        line += "\n";
        if (write(STDOUT_FILENO, line.data(), line.size()) != static_cast<ssize_t>(line.size())) _exit(3);
    }

    // Idempotent: a kill may have stopped the previous worker half way through.
    void set_up() {
        if (!engine_.initialized()) {
            engine_.initialize(User{kBoss, "The Boss", "management", {"director"}, true},
                               OrgStage::factory_led);
        }
        for (const char* seller : {"ann", "bob"}) {
            bool known = false;
            for (const User& user : engine_.users(kBoss)) known = known || user.id == seller;
            if (!known) engine_.add_user(kBoss, User{seller, seller, "sales", {"salesperson"}, true});
        }
        for (const auto& [name, manager] : {std::pair{"east", "ann"}, std::pair{"west", "bob"}}) {
            PoolId id = 0;
            for (const Pool& pool : engine_.pools(kBoss)) id = pool.name == name ? pool.id : id;
            if (id == 0) id = engine_.create_pool(kBoss, PoolSpec{name, std::nullopt, {manager}, {}}).id;
            pools_.push_back(id);
        }
        try {
            engine_.consumer(kBoss, kFollower);
        } catch (const Error& e) {
            if (e.code() != ErrorCode::not_found) throw;
            engine_.add_consumer(kBoss, kFollower);
        }
        const auto workflows = engine_.workflows(kBoss);
        if (std::none_of(workflows.begin(), workflows.end(), [](const Workflow& w) { return w.name == kWorkflow; })) {
            Workflow deal{kWorkflow, {}, {kProduct}};
            for (const char* step : kSteps) deal.steps.push_back({step, {}});
            engine_.define_workflow(kBoss, deal);
        }
    }

    Engine engine_;
    std::mt19937_64 random_;
    std::vector<LeadId> leads_;
    std::vector<PoolId> pools_;  // east (ann), west (bob)
    std::string prefix_;
    std::uint64_t counter_ = 0;
};

void capture(Worker& w) {
    const LeadInput input = w.new_input();
    w.captured(w.engine().capture(kBoss, input), input);
}

// A known address again, from another channel: updates its lead.
void recapture(Worker& w) {
    const Lead lead = w.engine().lead(kBoss, w.some_lead());
    LeadInput input = w.new_input();
    input.identities = {lead.identities.front()};
    w.captured(w.engine().capture(kBoss, input), input);
}

void capture_batch(Worker& w) {
    std::vector<LeadInput> inputs;
    for (std::size_t i = 0, n = 1 + w.pick(20); i < n; ++i) inputs.push_back(w.new_input());
    const auto results = w.engine().capture_batch(kBoss, inputs);
    for (std::size_t i = 0; i < results.size(); ++i) w.captured(results[i], inputs[i]);
}

// A new tag, acknowledged with the lead that took it (the survivor, when the id was absorbed).
void update(Worker& w) {
    LeadUpdate change;
    change.attributes = R"({"touched": true})";
    change.add_tags = {w.new_name("tag")};
    w.ack("update", w.engine().update_lead(kBoss, w.some_lead(), change), change.add_tags.front());
}

void move(Worker& w) {
    const Lead lead = w.engine().lead(kBoss, w.some_lead());
    w.ack("move", w.engine().transition(kBoss, w.next_move(lead)));
}

// Several leads moved in one all-or-nothing batch (each lead once, so each move fits; two ids
// may name one lead since a merge).
void move_batch(Worker& w) {
    std::vector<TransitionRequest> requests;
    std::vector<LeadId> seen;
    for (std::size_t i = 0, n = 1 + w.pick(10); i < n; ++i) {
        const Lead lead = w.engine().lead(kBoss, w.some_lead());
        if (std::find(seen.begin(), seen.end(), lead.id) != seen.end()) continue;
        seen.push_back(lead.id);
        requests.push_back(w.next_move(lead));
    }
    for (const Lead& lead : w.engine().transition_batch(kBoss, requests)) w.ack("move", lead);
}

// The organisation grows while leads move: a salesperson, and a city pool below east.
void add_user(Worker& w) {
    const std::string id = w.new_name("user");
    w.engine().add_user(kBoss, User{id, id, "sales", {"salesperson"}, true});
    w.ack_named("user", id);
}

void add_pool(Worker& w) {
    const std::string name = w.new_name("pool");
    w.engine().create_pool(kBoss, PoolSpec{name, w.east(), {"ann"}, {}});
    w.ack_named("pool", name);
}

// Two leads found to be one person, merged by hand. The identity rules may refuse a merge that
// would make too big a lead (conflict): nothing changed, nothing to acknowledge.
void merge(Worker& w) {
    const Lead first = w.engine().lead(kBoss, w.some_lead());
    const Lead second = w.engine().lead(kBoss, w.some_lead());
    if (first.id == second.id) return;
    try {
        const MergeRecord made = w.engine().merge_leads(kBoss, first.id, second.id, "same person");
        w.ack_merge(made, w.engine().lead(kBoss, made.survivor));
    } catch (const Error& e) {
        if (e.code() != ErrorCode::conflict) throw;
    }
}

// A record that names two leads (by an address each) and brings a new one: the capture merges them.
void capture_merging(Worker& w) {
    const Lead first = w.engine().lead(kBoss, w.some_lead());
    const Lead second = w.engine().lead(kBoss, w.some_lead());
    if (first.id == second.id) return;
    LeadInput input = w.new_input();
    input.identities.push_back(first.identities.front());
    input.identities.push_back(second.identities.front());
    w.captured(w.engine().capture(kBoss, input), input);
}

// One of the merges in effect is undone.
void unmerge(Worker& w) {
    MergeFilter filter;
    filter.include_unmerged = false;
    const std::vector<MergeRecord> merges = w.engine().merges(kBoss, filter);
    if (merges.empty()) return;
    const MergeId undone = merges[w.pick(merges.size())].id;
    w.ack_unmerge(undone, w.engine().unmerge(kBoss, undone, "two people"));
}

// A call through a lead id, merged or not (one of a lead at tier opportunity, where a few picks
// find one), on the opportunity that moves with the lead. On none it is not_found, to the step it
// is at invalid_argument: nothing changed, nothing to ack.
template <typename Call>
void on_opportunity(Worker& w, const char* kind, Call&& call) {
    LeadId id = w.some_lead();
    for (int tries = 0; tries < 8 && w.engine().lead(kBoss, id).tier != Tier::opportunity; ++tries) {
        id = w.some_lead();
    }
    try {
        call(id);
    } catch (const Error& e) {
        if (e.code() != ErrorCode::not_found && e.code() != ErrorCode::invalid_argument &&
            e.code() != ErrorCode::illegal_transition)
            throw;
        return;
    }
    w.ack(kind, w.engine().lead(kBoss, id));
}

// A call, a visit or a note on a lead, through any of its ids: acknowledged with the note, on
// the lead that recorded it.
void follow_up(Worker& w) {
    const LeadId id = w.some_lead();
    FollowUp call;
    call.kind = w.pick(2) ? ActivityKind::call : ActivityKind::note;
    call.note = w.new_name("note");
    w.engine().follow_up(kBoss, id, call);
    w.ack("follow_up", w.engine().lead(kBoss, id), call.note);
}

// An opportunity opened on a lead in a sub pool (qualifying it): acknowledged with its number.
void open_opportunity(Worker& w) {
    const Lead lead = w.engine().lead(kBoss, w.some_lead());
    if (lead.tier != Tier::sub) return;
    const Opportunity opened = w.engine().open_opportunity(kBoss, OpportunityRequest{lead.id, kProduct, 100, {}});
    w.ack("opportunity", w.engine().lead(kBoss, lead.id), std::to_string(opened.number));
}

void advance_opportunity(Worker& w) {
    const char* step = kSteps[w.pick(std::size(kSteps))];
    on_opportunity(w, "advance", [&](LeadId id) { w.engine().advance_opportunity(kBoss, id, step); });
}

void win_opportunity(Worker& w) {
    on_opportunity(w, "win", [&](LeadId id) { w.engine().win_opportunity(kBoss, id, 90); });
}

// The host's follower: reads every change after the consumer's stored position and acks the
// last one. After a kill it must go on right after its last ack: the first change it reads is
// the one after the stored position, and the feed has no gap.
void follow_feed(Worker& w) {
    ChangeQuery query;
    query.consumer = kFollower;
    query.limit = kMaxPageSize;
    std::int64_t position = w.engine().consumer(kBoss, kFollower).position;
    for (;;) {
        const ChangePage page = w.engine().changes(kBoss, query);  // after the stored position
        for (const Change& change : page.changes) {
            if (change.seq != ++position) {
                throw Error(ErrorCode::internal, "crash follower: change " + std::to_string(change.seq) +
                                                     " where " + std::to_string(position) + " was due");
            }
        }
        if (page.next != position) {
            throw Error(ErrorCode::internal, "crash follower: the page ends at " + std::to_string(page.next) +
                                                 ", its last change is " + std::to_string(position));
        }
        if (!page.changes.empty()) {
            w.engine().ack(kBoss, kFollower, position);
            w.ack_feed(position);
        }
        if (page.next == page.last) return;
    }
}

struct Operation {
    const char* name;
    int weight;
    bool needs_leads;
    void (*run)(Worker&);
};

constexpr Operation kOperations[] = {
    {"capture", 4, false, capture},    {"capture_batch", 2, false, capture_batch},
    {"recapture", 2, true, recapture}, {"update", 2, true, update},
    {"move", 5, true, move},           {"move_batch", 2, true, move_batch},
    {"add_user", 1, false, add_user},  {"add_pool", 1, false, add_pool},
    {"merge", 2, true, merge},         {"capture_merging", 1, true, capture_merging},
    {"unmerge", 2, true, unmerge},     {"follow_feed", 2, false, follow_feed},
    {"follow_up", 2, true, follow_up}, {"open_opportunity", 3, true, open_opportunity},
    {"advance_opportunity", 2, true, advance_opportunity}, {"win_opportunity", 1, true, win_opportunity},
};

}  // namespace

int run_worker(const std::string& file, std::uint64_t seed) {
    try {
        Worker worker(file, seed);
        std::vector<int> weights;
        for (const Operation& op : kOperations) weights.push_back(op.weight);
        std::discrete_distribution<std::size_t> which(weights.begin(), weights.end());
        for (;;) {  // until the driver kills it
            const Operation& op = kOperations[which(worker.random())];
            if (op.needs_leads && !worker.has_leads()) continue;
            op.run(worker);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "crash worker: %s\n", e.what());
        return 1;
    }
}

}  // namespace leadpool::crash
