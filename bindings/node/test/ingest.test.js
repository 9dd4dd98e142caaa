// Ingestion from many channels, merges and unmerges, identity conflicts, identity rules and their
// re-key, and identities normalised without an engine.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');

const { leadpool, T0, openEngine, company } = require('./helpers');

const record = (channel, identities, more = {}) => ({ channel, identities, ...more });
const outcomes = (results) => results.map((result) => result.outcome);

test('three channels of one person become one lead; a re-delivery changes nothing', (t) => {
    const engine = openEngine();
    t.after(() => engine.close());
    const results = engine.ingest('boss', [
        record('web', [['phone', '138 0000 0001']], { record_id: 'w-1', attributes: { city: 'Hangzhou' } }),
        record('shop', [['phone', '138-0000-0001'], ['email', 'Li@Example.com']], { attributes: { name: 'Li' } }),
        record('wechat_mini_program', [['email', 'li@example.com'], ['wechat_openid', 'o-1', 'wx-shop']]),
    ]);
    assert.deepEqual(outcomes(results), ['created', 'updated', 'updated']);
    const lead = engine.lead('boss', results[0].lead);
    assert.deepEqual(lead.channels, ['web', 'shop', 'wechat_mini_program']);
    assert.equal(engine.findLead('boss', 'wechat_openid', 'o-1', 'wx-shop').id, lead.id);
    const again = engine.ingest('boss', [record('web', [['phone', '13800000001']], { record_id: 'w-1' })]);
    assert.deepEqual(outcomes(again), ['duplicate']);
});

test('a bridging record merges; the merge can be undone; events and values keep their channel', (t) => {
    const { engine } = company();
    t.after(() => engine.close());
    const wu = engine.ingest('boss', [
        record('web', [['phone', '13900000001']], { events: [{ type: 'page_view', payload: { path: '/pricing' } }] }),
    ])[0].lead;
    engine.setTime(T0 + 1000);
    const shop = engine.ingest('boss', [record('shop', [['email', 'wu@example.com']], { attributes: { city: 'Shanghai' } })])[0].lead;
    engine.setTime(T0 + 2000);
    const [merged] = engine.ingest('boss', [record('app', [['phone', '139 0000 0001'], ['email', 'wu@example.com']])]);
    assert.deepEqual([merged.outcome, merged.lead, merged.absorbed], ['merged', wu, [shop]]);
    assert.equal(engine.lead('boss', shop).id, wu);
    assert.deepEqual(engine.events('boss', wu).map((event) => event.type), ['page_view']);
    assert.deepEqual(engine.attributeHistory('boss', wu, 'city').map((value) => [value.value, value.channel]), [['Shanghai', 'shop']]);
    assert.equal(engine.attributeHistory('boss', wu).length, 1);
    const [merge] = engine.merges('boss', { lead: wu });
    assert.deepEqual([merge.survivor, merge.absorbed, merge.reason], [wu, shop, 'ingest']);
    assert.equal(engine.unmerge('boss', merge.id, 'two people').id, shop);
    assert.deepEqual(engine.merges('boss', { include_unmerged: false }), []);
    assert.throws(() => engine.unmerge('boss', merge.id), leadpool.Conflict);
    assert.throws(() => engine.unmerge('boss', 999), leadpool.NotFound);
});

test('merging by hand keeps the lead further along the funnel', (t) => {
    const { engine, east, capture } = company();
    t.after(() => engine.close());
    const older = capture('13800000001');
    const newer = capture('13800000002');
    engine.distribute('boss', newer, east, 'ann');
    const merge = engine.mergeLeads('boss', older, newer, 'same person');
    assert.deepEqual([merge.survivor, merge.absorbed, merge.reason], [newer, older, 'same person']);
    assert.throws(() => engine.mergeLeads('boss', older, newer), /one lead already/);
});

test('max_merge_size stops a merge and raises an identity conflict', (t) => {
    const { engine, capture } = company();
    t.after(() => engine.close());
    assert.equal(engine.setIdentityRules('boss', { max_merge_size: 1 }).needed, false);
    const a = capture('13800000001');
    const b = engine.capture('boss', [['email', 'zhao@example.com']], 'shop').lead.id;
    const [result] = engine.ingest('boss', [record('app', [['phone', '13800000001'], ['email', 'zhao@example.com']], { record_id: 'a-1' })]);
    const [conflict] = engine.identityConflicts('boss');
    assert.deepEqual([result.outcome, result.conflicts], ['updated', [conflict.id]]);
    assert.deepEqual([conflict.rule, conflict.lead, conflict.others, conflict.record_id], ['max_merge_size', a, [b], 'a-1']);
    assert.throws(() => engine.mergeLeads('boss', a, b), leadpool.Conflict);
});

test('the conflict review queue pages, filters and resolves', (t) => {
    const { engine, capture } = company();
    t.after(() => engine.close());
    engine.setIdentityRules('boss', { max_merge_size: 1 });
    const pairs = [1, 2, 3].map((n) => {
        const a = capture(`1380000000${n}`);
        const b = engine.capture('boss', [['email', `p${n}@example.com`]], 'shop').lead.id;
        const [result] = engine.ingest('boss', [record(n === 2 ? 'app' : 'web', [['phone', `1380000000${n}`], ['email', `p${n}@example.com`]])]);
        return { a, b, conflict: result.conflicts[0] };
    });
    const ids = pairs.map((pair) => pair.conflict);

    const first = engine.identityConflictPage('boss', { limit: 2 });
    assert.deepEqual([first.conflicts.map((c) => c.id), first.next_after], [ids.slice(0, 2), ids[1]]);
    const rest = engine.identityConflictPage('boss', { limit: 2, after: first.next_after });
    assert.deepEqual([rest.conflicts.map((c) => c.id), rest.next_after], [ids.slice(2), null]);
    assert.deepEqual(engine.identityConflictPage('boss', { newest_first: true }).conflicts.map((c) => c.id), [...ids].reverse());
    assert.deepEqual(engine.identityConflictPage('boss', { channel: 'web' }).conflicts.map((c) => c.id), [ids[0], ids[2]]);
    assert.deepEqual(engine.identityConflictPage('boss', { lead: pairs[1].b }).conflicts.map((c) => c.id), [ids[1]]);
    assert.throws(() => engine.identityConflictPage('boss', { limit: 0 }), leadpool.InvalidArgument);

    assert.throws(() => engine.resolveIdentityConflict('boss', ids[0], 'dismiss'), /reason/);
    assert.throws(() => engine.resolveIdentityConflict('boss', 999, 'dismiss', 'x'), leadpool.NotFound);
    const dismissed = engine.resolveIdentityConflict('boss', ids[0], 'dismiss', 'two people');
    assert.deepEqual([dismissed.state, dismissed.resolved_by, dismissed.resolution_reason], ['dismissed', 'boss', 'two people']);
    assert.throws(() => engine.resolveIdentityConflict('boss', ids[0], 'merge'), leadpool.Conflict);
    assert.deepEqual(engine.identityConflictPage('boss').conflicts.map((c) => c.id), ids.slice(1));
    assert.equal(engine.identityConflictPage('boss', { state: 'all' }).conflicts.length, 3);

    assert.throws(() => engine.resolveIdentityConflict('boss', ids[1], 'merge', 'same person'), /max_merge_size/);
    engine.setIdentityRules('boss', { max_merge_size: 10 });
    const merged = engine.resolveIdentityConflict('boss', ids[1], 'merge', 'same person');
    assert.equal(merged.state, 'resolved');
    assert.equal(engine.lead('boss', pairs[1].b).id, pairs[1].a);
    const page = engine.mergePage('boss', { reason: 'same person', actor: 'boss' });
    assert.deepEqual([page.merges.map((m) => m.id), page.next_after], [merged.resolution_merges, null]);
    assert.deepEqual(engine.mergePage('boss', { reason: 'ingest' }).merges, []);
});

test('JSON Lines: a bad line is rejected alone; all_or_nothing throws its error', (t) => {
    const engine = openEngine();
    t.after(() => engine.close());
    const text = [
        '{"channel": "web", "identities": [{"kind": "email", "value": "chen@example.com"}]}',
        '{"channel": "web", "identities": [',
        '{"channel": "app", "identities": [{"kind": "email", "value": "zhou@example.com"}]}',
    ].join('\n');
    const results = engine.ingest('boss', text);
    assert.deepEqual(outcomes(results), ['created', 'rejected', 'created']);
    assert.deepEqual([results[1].lead, results[1].error], [null, 'invalid_argument']);
    assert.throws(
        () => engine.ingest('boss', [record('web', [['email', 'x@example.com']]), { channel: 7, identities: [] }], { all_or_nothing: true }),
        /records: \[1\]\.channel: must be a string/,
    );
    const [strict] = engine.ingest('boss', [record('web', [['phone', '11111111111']])], { drop_unusable_identities: false });
    assert.equal(strict.outcome, 'rejected');
    assert.throws(() => engine.ingest('boss', [], { atomic: true }), leadpool.InvalidArgument);
});

test('new identity rules re-key the stored identities and report it', (t) => {
    const engine = openEngine();
    t.after(() => engine.close());
    engine.setIdentityRules('boss', { default_region: '' });
    const bare = engine.capture('boss', [['phone', '138 0013 8000']], 'web').lead.id;
    const plus = engine.capture('boss', [['phone', '+86 138 0013 8000']], 'web').lead.id;
    const report = engine.setIdentityRules('boss', { default_region: 'CN' });
    assert.deepEqual([report.needed, report.rekeyed, report.merged], [true, 1, 1]);
    assert.equal(engine.lead('boss', plus).id, bare);
    assert.equal(engine.identityRules().default_region, 'CN');
    assert.throws(() => engine.setIdentityRules('boss', { kinds: { fax: {} } }), /unknown identity kind/);
    assert.throws(() => engine.setIdentityRules('boss', { max_merge_size: 0 }), leadpool.InvalidArgument);
});

test('an identity is normalised without an engine', () => {
    assert.deepEqual(leadpool.normalizeIdentity('phone', '+86 138-0000-0001'), {
        kind: 'phone', value: '+8613800000001', number_type: 'mobile', blocked: false,
    });
    assert.equal(leadpool.normalizeIdentity('phone', '06 1234 5678', null, { default_region: 'IT' }).value, '+390612345678');
    assert.equal(leadpool.normalizeIdentity('email', 'test@test.com').blocked, true);
    assert.deepEqual(leadpool.normalizeIdentity('wechat_openid', ' o-1 ', 'wx'), { kind: 'wechat_openid', value: 'o-1', scope: 'wx', blocked: false });
    assert.throws(() => leadpool.normalizeIdentity('email', 'not-an-email'), leadpool.InvalidArgument);
});
