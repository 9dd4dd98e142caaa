// The change-feed part of Engine: pages of changes, consumers with durable positions,
// subscriptions and waiting for the next change (docs/design.md 7).
'use strict';

const koffi = require('koffi');

const { rethrowLater } = require('./errors');
const { encodeText: text, encodeJson: json } = require('./native');
const { fields, fieldsOrNull } = require('./values');

const methods = {
    /**
     * A page of the changes after query.since (or the query.consumer's position) the actor may
     * see: {changes, next, last, pruned}. query: the ChangeQuery {since?, consumer?, limit?,
     * filter?: {kinds?, pool?, owner?, lead?}}. Go on from next until it reaches last.
     */
    changes(actor, query = {}) {
        const wanted = fieldsOrNull(query);
        return this._json('lp_changes', text(actor, 'actor'), wanted && json(wanted));
    },

    /** Adds a consumer at `position` (0: the first change): {name, owner, position, created_at, acked_at}. */
    addConsumer(actor, name, position = 0) {
        return this._json('lp_consumer_add', text(actor, 'actor'), text(name, 'name'), position);
    },

    /** Stores that `consumer` handled every change up to `seq`; never moves it back. */
    ack(actor, consumer, seq) {
        return this._json('lp_consumer_ack', text(actor, 'actor'), text(consumer, 'consumer'), seq);
    },

    /** The consumer `name`. */
    consumer(actor, name) {
        return this._json('lp_consumer_get', text(actor, 'actor'), text(name, 'name'));
    },

    /** The actor's consumers (every one with read_feed), by name. */
    consumers(actor) {
        return this._json('lp_consumer_list', text(actor, 'actor'));
    },

    /** {retention_ms}: 0 keeps every change forever. */
    feedSettings() {
        return this._json('lp_feed_settings_get');
    },

    /** Sets how long changes are kept (manage_org): settings {retention_ms}; maintain prunes older ones. */
    setFeedSettings(actor, settings) {
        return this._json('lp_feed_settings_set', text(actor, 'actor'), json(settings));
    },

    /**
     * Calls callback(changes) after each commit of this engine with the new changes the actor may
     * see and the filter ({kinds?, pool?, owner?, lead?}) keeps: synchronously, before the
     * operation returns, in sequence order. The callback may call the engine. What it throws does
     * not undo or fail the operation, which committed: it goes to options.onError(error), by
     * default rethrown on the next tick (an 'uncaughtException'). Returns the subscription id;
     * the callback is kept alive until unsubscribe or close.
     */
    subscribe(actor, callback, filter = {}, { onError = rethrowLater } = {}) {
        if (typeof callback !== 'function') throw new TypeError('callback must be a function');
        const deliver = (changesJson) => {
            // Nothing may escape into koffi: it would surface from the engine call that committed.
            try {
                callback(JSON.parse(changesJson));
            } catch (error) {
                try {
                    onError(error);
                } catch (again) {
                    rethrowLater(again);
                }
            }
        };
        const registered = koffi.register(deliver, koffi.pointer('lp_change_callback'));
        let id;
        try {
            id = this._scalar('lp_subscribe', text(actor, 'actor'), json(fields(filter)), registered, null);
        } catch (error) {
            koffi.unregister(registered);
            throw error;
        }
        this._open.callbacks.set(id, registered);
        return id;
    },

    /** Whether it was subscribed; once it returns, the callback is not called again. */
    unsubscribe(subscription) {
        const was = this._scalar('lp_unsubscribe', subscription) !== 0;
        const registered = this._open.callbacks.get(subscription);
        if (registered !== undefined) {
            koffi.unregister(registered);
            this._open.callbacks.delete(subscription);
        }
        return was;
    },

    /**
     * Waits until a change after `after` is committed by any process sharing the store, or
     * timeoutMs pass; whether one was. Synchronous like every call: it blocks the event loop while
     * it waits, so keep timeoutMs short on a server (or poll changes() instead).
     */
    waitForChanges(after, timeoutMs) {
        return this._scalar('lp_wait_for_changes', after, timeoutMs) !== 0;
    },
};

module.exports = { methods };
