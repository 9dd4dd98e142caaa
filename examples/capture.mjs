// leadpool from Node.js: a factory-led company on an embedded SQLite file, through the C ABI.
//
// The boss is the sales director; Ann is a salesperson who runs the "east" sub pool. Leads arrive
// from three channels into the master pool (a person seen twice stays one lead), the boss hands
// them into Ann's pool, Ann qualifies, wins and loses deals, and the funnel is printed.
//
//   LEADPOOL_LIBRARY=build/capi/libleadpool_c.so node examples/capture.mjs [database-file]
//
// (default: leadpool-capture-node.db, recreated on each run). The example checks its own outcomes
// and exits non-zero when one differs. It uses the installed `leadpool` package, or else the one of
// this source tree (bindings/node, whose koffi comes from `npm ci` there or from NODE_PATH).
import { rmSync } from 'node:fs';

let leadpool;
try {
    leadpool = await import('leadpool');
} catch (error) {
    if (error.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    leadpool = await import('../bindings/node/index.js');
}
const { Engine, IllegalTransition } = leadpool;

function expect(what, actual, wanted) {
    if (JSON.stringify(actual) !== JSON.stringify(wanted)) {
        console.error(`${what}: expected ${JSON.stringify(wanted)}, got ${JSON.stringify(actual)}`);
        process.exit(1);
    }
}

const file = process.argv[2] || 'leadpool-capture-node.db';
for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true }); // a fresh file each run

console.log(`leadpool ${leadpool.libraryVersion()} (ABI ${leadpool.abiVersion()})`);
const engine = Engine.sqlite(file);
try {
    // The company: the boss (director) and Ann (salesperson), who manages the "east" sub pool.
    engine.initialize({ id: 'boss', name: 'Wang (director)', department: 'management', roles: ['director'] }, 'factory_led');
    engine.addUser('boss', { id: 'ann', name: 'Ann', department: 'sales', roles: ['salesperson'] });
    const east = engine.createPool('boss', 'east', { managers: ['ann'] }).id;

    // Capture: each arrival lands in the master pool, or updates the lead its identity names. The
    // last one is the web visitor of the first, now in the mini program with the same phone.
    const arrivals = [
        [[['phone', '13800000001']], 'web', { attributes: { name: 'Li', city: 'Hangzhou' },
                                              attribution: { source: 'web', medium: 'organic', campaign: 'spring' } }],
        [[['email', 'chen@example.com']], 'shop', { attributes: { name: 'Chen', order_value: 320 }, tags: ['vip'] }],
        [[['wechat_openid', 'o-7781', 'wx-mini-shop']], 'wechat_mini_program', { attributes: { nickname: 'Zhou' } }],
        [[['phone', '13800000001']], 'wechat_mini_program', { attributes: { company: 'Li Tea' } }],
    ];
    const leads = [];
    for (const [identities, channel, options] of arrivals) {
        const { lead, created } = engine.capture('boss', identities, channel, options);
        if (created) {
            leads.push(lead.id);
            console.log(`captured lead ${lead.id} from ${channel}`);
        } else {
            console.log(`known identity: updated lead ${lead.id} (${lead.channels.join(', ')})`);
        }
    }
    expect('leads captured', leads.length, 3);

    // The boss hands the three leads to Ann's pool in one batch (all or nothing).
    engine.transitionBatch('boss', leads.map((id) => leadpool.transitionRequest(id, 'distribute', { to_pool: east, to_owner: 'ann' })));

    // Ann works her pool: Li becomes an order, Chen an opportunity that is lost.
    const [li, chen, zhou] = leads;
    engine.qualify('ann', li);
    expect("Li's tier", engine.win('ann', li).tier, 'order');
    engine.qualify('ann', chen);
    expect("Chen's tier", engine.lose('ann', chen, 'chose a competitor').tier, 'lost');
    console.log('ann: won Li, lost Chen');

    // A move the pyramid does not list is refused, and the host decides on the class.
    try {
        engine.win('ann', zhou);
        expect('winning a lead that is no opportunity', 'allowed', 'IllegalTransition');
    } catch (error) {
        if (!(error instanceof IllegalTransition)) throw error;
        console.log(`refused (${error.statusName}): ${error.message}`);
    }

    const funnel = engine.funnel('boss');
    console.log('\nfunnel for the director:');
    for (const { tier, at, reached } of funnel.tiers) console.log(`  ${tier.padEnd(12)} now ${at}, ever ${reached}`);
    console.log(`  main-line conversion (orders / leads): ${funnel.main_line_conversion.toFixed(2)}`);
    expect('leads in the funnel', funnel.leads, 3);
    expect('orders', funnel.tiers.find((row) => row.tier === 'order').at, 1);
    console.log(`\ndata kept in ${file}`);
} finally {
    engine.close();
}
