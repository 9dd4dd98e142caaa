// The public pool: routing, settings and assignment, claims, follow-ups and recycling on the
// manual clock, and opportunity workflows.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');

const { leadpool, T0, DAY, company } = require('./helpers');

function withNorth() {
    const c = company();
    c.north = c.engine.createPool('boss', 'north', { members: ['ann', 'bob'] }).id;
    return c;
}

test('routing rules send leads to sub pools and say why', (t) => {
    const { engine, east, west, north, capture } = withNorth();
    t.after(() => engine.close());
    const table = engine.setRouting('boss', {
        rules: [
            { name: 'hangzhou', pool: east, when: [{ field: 'attributes.city', op: 'equals', values: ['Hangzhou'] }] },
            { name: 'big', pool: north, when: [{ field: 'attributes.budget', op: 'range', min: 10000 }] },
        ],
        default_pool: west,
    });
    assert.deepEqual(table.rules.map((rule) => rule.name), ['hangzhou', 'big']);
    assert.deepEqual(engine.routing('ann'), table);
    const hz = capture('13800000001', 'web', { attributes: { city: 'Hangzhou', budget: 50000 } });
    const big = capture('13800000002', 'web', { attributes: { budget: 50000 } });
    const other = capture('13800000003');
    assert.deepEqual(engine.route('boss', { all_unrouted: true }), [
        { lead: hz, pool: east, rule: 'hangzhou' },
        { lead: big, pool: north, rule: 'big' },
        { lead: other, pool: west, rule: null },
    ]);
    assert.throws(() => engine.route('boss', { leads: [hz] }), leadpool.IllegalTransition);
    assert.throws(() => engine.setRouting('boss', { rules: [{ name: 'x', pool: north, when: [{ field: 'zip', op: 'exists' }] }] }), leadpool.InvalidArgument);
    assert.throws(() => engine.setRouting('ann', {}), leadpool.PermissionDenied);
});

test('assignment by strategy, claims, releases and the cool-down', (t) => {
    const { engine, north, capture } = withNorth();
    t.after(() => engine.close());
    const leads = [0, 1, 2, 3].map((i) => capture(`138000000${i}0`));
    for (const lead of leads) engine.distribute('boss', lead, north);
    const settings = engine.setPoolSettings('boss', north, { strategy: 'weighted', capacity: { ann: 1, bob: 2 } });
    assert.deepEqual([settings.strategy, settings.capacity], ['weighted', { ann: 1, bob: 2 }]);
    assert.deepEqual(engine.poolSettings('ann', north), settings);
    const result = engine.assign('boss', north);
    assert.deepEqual(result.assigned.map((a) => a.owner), ['bob', 'ann', 'bob']);
    assert.deepEqual(result.unassigned, [leads[3]]);
    assert.throws(() => engine.assign('boss', north, [leads[0]]), leadpool.Conflict);
    // reassign takes a held lead back into the strategy: every member is at their capacity now
    assert.deepEqual(engine.assign('boss', north, new Set([leads[0]]), { reassign: true }), { assigned: [], unassigned: [leads[0]] });

    engine.setPoolSettings('boss', north, { max_held: 3, claim_cooldown_ms: DAY });
    assert.equal(engine.claim('ann', leads[3]).owner, 'ann');
    assert.throws(() => engine.claim('bob', leads[3]), leadpool.Conflict);
    assert.equal(engine.release('boss', leads[3], 'rebalance').owner, null);
    assert.throws(() => engine.claim('ann', leads[3]), leadpool.PermissionDenied); // cool-down
    engine.setTime(T0 + DAY);
    assert.equal(engine.claim('ann', leads[3]).owner, 'ann');
    assert.throws(() => engine.setPoolSettings('boss', north, { strategy: 'lottery' }), leadpool.InvalidArgument);
});

test('follow-ups reset the idle clock and maintenance recycles', (t) => {
    const { engine, north, capture } = withNorth();
    t.after(() => engine.close());
    engine.setPoolSettings('boss', north, { held_idle_ms: 3 * DAY, warning_ms: DAY, recycle_to: 'master' });
    const quiet = capture('13800000001');
    const busy = capture('13800000002');
    engine.distribute('boss', quiet, north, 'ann');
    engine.distribute('boss', busy, north, 'bob');
    engine.setTime(T0 + DAY);
    const activity = engine.followUp('bob', busy, 'visit', { outcome: 'demo booked', note: 'bring samples' });
    assert.deepEqual([activity.kind, activity.at, activity.outcome], ['visit', T0 + DAY, 'demo booked']);
    assert.deepEqual(engine.activities('boss', busy), [activity]);
    assert.equal(engine.followUp('bob', busy, 'call', { at: new Date(T0 + 1000) }).at, T0 + 1000);
    assert.throws(() => engine.followUp('bob', busy, 'call', { at: T0 + 2 * DAY }), leadpool.InvalidArgument);
    engine.setTime(T0 + 2 * DAY);
    assert.deepEqual(engine.maintain('boss').due_soon.map((due) => [due.lead, due.due_at]), [[quiet, T0 + 3 * DAY]]);
    engine.setTime(T0 + 3 * DAY);
    const report = engine.maintain('boss');
    assert.deepEqual(report.recycled.map((r) => [r.lead, r.from_owner, r.to]), [[quiet, 'ann', 'master']]);
    assert.equal(engine.lead('boss', quiet).tier, 'master');
    assert.throws(() => engine.maintain('ann'), leadpool.PermissionDenied);
});

test('an opportunity follows its workflow; a workflow is updated and retired', (t) => {
    const { engine, east, capture } = company();
    t.after(() => engine.close());
    const workflow = engine.defineWorkflow('boss', 'machine sale', ['contact', { name: 'demo', collaborators: ['bob'] }, 'contract'], ['lathe']);
    assert.deepEqual(workflow.steps.map((step) => step.name), ['contact', 'demo', 'contract']);
    assert.deepEqual(engine.workflows('ann'), [workflow]);
    assert.throws(() => engine.defineWorkflow('boss', 'machine sale', ['x']), leadpool.Conflict);
    const lead = capture('13800000001');
    engine.distribute('boss', lead, east, 'ann');
    const opened = engine.openOpportunity('ann', lead, 'lathe', { amount: 5000 });
    assert.deepEqual([opened.step, opened.amount, opened.owner], ['contact', 5000, { user: 'ann', team: null }]);
    assert.deepEqual(engine.advanceOpportunity('ann', lead, 'demo').collaborators, [{ user: 'bob', step: 'demo', joined_at: T0 }]);
    assert.equal(engine.addCollaborator('ann', lead, 'boss').collaborators.at(-1).user, 'boss');
    assert.throws(() => engine.updateWorkflow('boss', 'machine sale', ['contact', 'contract'], ['lathe']), /step 'demo' has 1 open/);
    assert.equal(engine.updateWorkflow('boss', 'machine sale', ['contact', 'demo', 'quote', 'contract'], ['lathe']).steps.length, 4);
    const retired = engine.retireWorkflow('boss', 'machine sale');
    assert.equal(retired.retired, true);
    assert.throws(() => engine.retireWorkflow('boss', 'machine sale'), leadpool.Conflict);
    const won = engine.winOpportunity('ann', lead, 4800);
    assert.deepEqual([won.status, won.order_amount], ['won', 4800]);
    assert.deepEqual(engine.opportunities('boss', lead), [won]);
    const other = capture('13800000002');
    engine.distribute('boss', other, east, 'ann');
    assert.throws(() => engine.openOpportunity('ann', other, 'lathe'), leadpool.NotFound); // retired
    engine.defineWorkflow('boss', 'lathe sale', ['contact'], ['lathe']);
    const team = engine.openOpportunity('boss', other, 'lathe', { owner: { team: east } });
    assert.deepEqual([team.workflow, team.owner], ['lathe sale', { user: null, team: east }]);
    assert.equal(engine.winOpportunity('ann', other).order_amount, 0);
});

test('the pipeline lists opportunities across leads, filtered, and pages by cursor', (t) => {
    const { engine, east, west, capture } = company();
    t.after(() => engine.close());
    engine.defineWorkflow('boss', 'machine sale', ['contact', 'demo'], ['lathe']);
    const leads = [[east, 'ann', 5000], [east, 'ann', 9000], [west, 'bob', 7000]].map(([pool, owner, amount], n) => {
        const lead = capture(`1380000010${n}`);
        engine.distribute('boss', lead, pool, owner);
        engine.openOpportunity(owner, lead, 'lathe', { amount });
        return lead;
    });
    engine.advanceOpportunity('ann', leads[1], 'demo');
    const keyed = (page) => page.opportunities.map((o) => o.lead);

    const everything = engine.pipeline('boss');
    assert.deepEqual(keyed(everything), leads);
    assert.equal(everything.next_cursor, null);
    assert.deepEqual(keyed(engine.pipeline('boss', { workflow: 'machine sale', step: 'demo' })), [leads[1]]);
    assert.deepEqual(keyed(engine.pipeline('boss', { status: 'open', amount_min: 6000, amount_max: 9000 })), leads.slice(1));
    assert.deepEqual(keyed(engine.pipeline('boss', { owner: 'bob' })), [leads[2]]);
    assert.deepEqual(keyed(engine.pipeline('boss', { pool: west })), [leads[2]]);
    assert.deepEqual(keyed(engine.pipeline('bob')), [leads[2]]); // a salesperson: their own leads only

    const first = engine.pipeline('boss', { limit: 2 });
    assert.deepEqual(keyed(first), leads.slice(0, 2));
    assert.deepEqual(first.next_cursor, { lead: leads[1], number: 1 });
    const rest = engine.pipeline('boss', { limit: 2, after: first.next_cursor });
    assert.deepEqual(keyed(rest), [leads[2]]);
    assert.equal(rest.next_cursor, null);

    assert.throws(() => engine.pipeline('boss', { amount_min: -1 }), (e) => e instanceof leadpool.InvalidArgument && /amount_min/.test(e.message));
    assert.throws(() => engine.pipeline('boss', { status: 'pending' }), leadpool.InvalidArgument);
    assert.throws(() => engine.pipeline('boss', { limit: 0 }), leadpool.InvalidArgument);
    assert.throws(() => engine.pipeline('boss', { pool: 999 }), leadpool.NotFound);
});
